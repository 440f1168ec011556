# metrics.jq - scoring for scripts/eval-classify (jq 1.6 or later)
#
# Each set is scored in one streaming pass:
#
#     jq -n -r -L scripts 'include "metrics"; evaluate("airline")' < classified
#
# reduce folds every record into small count tables (memory does not grow
# with the input), and the report is rendered from them.  A task's counts
# are a confusion map {gold: {predicted: n}}; `scores` turns one into
# precision, recall, F1 and support per label, accuracy and macro-F1.
#
# Conventions (the bats tests pin them):
#   - a missing prediction is the label "(none)", so it counts as a miss;
#   - precision of a label never predicted is undefined: null, shown "-";
#     its F1 is 0 (tp = 0);
#   - macro-F1 averages the labels that occur in the gold data.  A label
#     only the classifier uses (support 0) is listed but not averaged: its
#     errors already cost recall on the gold labels they came from.

# ---- counting ---------------------------------------------------------

# Any JSON value as a confusion-map key.
def as_key:
	if . == null then "(none)"
	elif type == "string" then .
	else tojson end;

# Add one (gold, predicted) pair to the confusion map .[$task].
def count($task; $gold; $pred):
	.[$task][$gold | as_key][$pred | as_key] += 1;

# Add one trial to the rate .[$task] = {n, hits}.
def rate($task; $hit):
	.[$task].n += 1
	| .[$task].hits += (if $hit then 1 else 0 end);

# ---- scores -----------------------------------------------------------

def ratio($a; $b): if $b == 0 then null else $a / $b end;

# Labels in a stable order: alphabetical, "(none)" last.
def order: sort_by(if . == "(none)" then [1, .] else [0, .] end);

# {gold: {pred: n}} -> {n, correct, accuracy, macro_f1, gold, labels, per,
# confusion}.  labels = gold labels, then those only predicted.
def scores:
	. as $c
	| ($c | keys | order) as $gold
	| ([$c[] | keys[]] | unique) as $pred
	| ($gold + ($pred - $gold | order)) as $labels
	| (reduce $labels[] as $l ({};
		([$c[$l][]?] | add // 0) as $support
		| ([$c[][$l] // 0] | add // 0) as $predicted
		| ($c[$l][$l] // 0) as $tp
		| .[$l] = {
			tp: $tp,
			support: $support,
			predicted: $predicted,
			precision: ratio($tp; $predicted),
			recall: ratio($tp; $support),
			# 2PR/(P+R) written with counts: defined whenever tp > 0
			f1: (if $tp == 0 then 0
			     else 2 * $tp / ($predicted + $support) end)
		})) as $per
	| ([$per[].support] | add // 0) as $n
	| ([$per[].tp] | add // 0) as $correct
	| {
		n: $n,
		correct: $correct,
		accuracy: ratio($correct; $n),
		macro_f1: (if ($gold | length) == 0 then null
			   else ([$gold[] | $per[.].f1] | add) / ($gold | length) end),
		gold: $gold,
		labels: $labels,
		per: $per,
		confusion: $c
	};

# ---- text -------------------------------------------------------------

# A number with $d decimals ("0.667"); null is "-".
def fixed($d):
	if . == null then "-"
	else
		(reduce range(0; $d) as $i (1; . * 10)) as $scale
		| (. * $scale + 0.5 | floor) as $m
		| if $d == 0 then "\($m)"
		  else "\($m / $scale | floor).\(("000000000" + ($m % $scale | tostring))[-$d:])"
		  end
	end;

def rpad($w): tostring | . + (" " * ($w - length));
def lpad($w): tostring | (" " * ($w - length)) + .;

# Width of the first column for these labels.
def col1($labels; $head): ([$labels[], $head] | map(length) | max);

# Per-label precision, recall, F1, support and predicted count.
def score_table:
	. as $s
	| col1($s.labels; "label") as $w
	| ("label" | rpad($w)) + "  precision  recall      f1  support  predicted",
	  ($s.labels[] as $l | $s.per[$l] as $p
	   | ($l | rpad($w))
	     + ($p.precision | fixed(3) | lpad(11))
	     + ($p.recall | fixed(3) | lpad(8))
	     + ($p.f1 | fixed(3) | lpad(8))
	     + ($p.support | lpad(9))
	     + ($p.predicted | lpad(11))
	     + (if $p.support == 0 then "  (never gold)" else "" end));

# A {row: {col: n}} map as a table with the given row and column order;
# zero cells show ".".
def grid($corner; $rows; $cols):
	. as $m
	| col1($rows; $corner) as $w
	| ($cols | map([length, 5] | max + 2)) as $cw
	| ($corner | rpad($w))
	  + ([range(0; $cols | length) as $i | $cols[$i] | lpad($cw[$i])] | add // ""),
	  ($rows[] as $r
	   | ($r | rpad($w))
	     + ([range(0; $cols | length) as $i
		 | ($m[$r][$cols[$i]] // 0) | (if . == 0 then "." else . end)
		 | lpad($cw[$i])] | add // ""));

# Any {row: {col: n}} map, rows and columns in label order.
def crosstab($corner):
	grid($corner; keys | order; [.[] | keys[]] | unique | order);

# The confusion matrix of scores: gold rows, and every label as a column
# (gold labels first, in the rows' order, so the diagonal is the hits).
def confusion_table:
	.confusion as $c | .labels as $cols
	| $c | grid("gold \\ predicted"; $c | keys | order; $cols);

# The whole block for one task: title, table, matrix, totals.
def task_report($title):
	"", "-- \($title)",
	score_table,
	"",
	confusion_table,
	"",
	"n \(.n)  accuracy \(.accuracy | fixed(3))  macro-F1 \(.macro_f1 | fixed(3))";

# The grep-able lines: "SET TASK.metric value".
def f1_summary($set; $task):
	"\($set) \($task).macro_f1 \(.macro_f1 | fixed(4))",
	(.gold[] as $l | "\($set) \($task).f1.\($l) \(.per[$l].f1 | fixed(4))");
def summary($set; $task):
	"\($set) \($task).n \(.n)",
	"\($set) \($task).accuracy \(.accuracy | fixed(4))",
	f1_summary($set; $task);

def rate_summary($set; $task):
	"\($set) \($task) \(ratio(.hits; .n) | fixed(4))";

# ---- the sets ---------------------------------------------------------

# Bitext intent -> [reason, subreason]; null excludes the intent.  Keep in
# step with the header of scripts/eval-classify and the NOTES.
def bitext_table: {
	place_order:             ["request", "purchase"],
	create_account:          ["request", "signup"],
	newsletter_subscription: ["request", "signup"],
	change_order:            ["request", "change"],
	change_shipping_address: ["request", "change"],
	edit_account:            ["request", "change"],
	switch_account:          ["request", "change"],
	set_up_shipping_address: ["request", "change"],
	cancel_order:            ["request", "cancellation"],
	delete_account:          ["request", "cancellation"],
	complaint:               ["complaint", null],
	get_refund:              ["complaint", null],
	payment_issue:           ["complaint", null],
	registration_problems:   ["complaint", null],
	check_cancellation_fee:  ["question", null],
	check_invoice:           ["question", null],
	check_payment_methods:   ["question", null],
	check_refund_policy:     ["question", null],
	delivery_options:        ["question", null],
	delivery_period:         ["question", null],
	track_order:             ["question", null],
	track_refund:            ["question", null],
	get_invoice:             ["question", null],
	recover_password:        ["question", null],
	contact_customer_service: ["question", null],
	contact_human_agent:     ["other", null],
	review:                  null
};

def hostile_gold: if . == "0" or . == "1" then "hostile" else "not_hostile" end;
def hostile_pred:
	if . == "hostile" or . == "hostile_empty" then "hostile" else "not_hostile" end;

# A negative tweet with a stated topic of complaint.
def airline_complaint:
	.extra.airline_sentiment == "negative"
	and ((.extra.negativereason // "") | . != "" and . != "Can't Tell");

# What scs-classify said for an `expect` key of the own set.
def own_pred($field):
	if $field == "brand" then
		# a product term ("telcora fibra") counts as its brand family
		(.class.brand.term // null
		 | if type == "string" then ascii_downcase | split(" ")[0] else . end)
	elif $field == "derivation" then .class.derivation // false
	elif $field == "community_answer" then
		any((.class.tags // [])[]; . == "community_answer")
	else .class[$field] end;

# Fold one classified record $r into the counts for a set of kind $set.
def step($set; $r):
	if $set == "airline" or $set == "es-airline" then
		count("polarity"; $r.extra.airline_sentiment; $r.class.polarity)
		| .reason_by_sentiment[$r.extra.airline_sentiment | as_key][$r.class.reason | as_key] += 1
		# every tweet is a customer's: one filtered as spam is never answered
		| .spam += (if $r.class.filter == "spam" then 1 else 0 end)
		| if $set == "airline" and ($r | airline_complaint)
		  then rate("complaint_recall"; $r.class.reason == "complaint")
		  else . end
	elif $set == "bitext" then
		($r.extra.intent // "(none)") as $i
		| if (bitext_table | has($i)) | not then .unmapped[$i] += 1
		  elif bitext_table[$i] == null then .excluded[$i] += 1
		  else bitext_table[$i] as [$reason, $sub]
			| count("reason"; $reason; $r.class.reason)
			| .by_intent[$i][$r.class.reason | as_key] += 1
			| if $reason == "request"
			  then count("subreason"; $sub; $r.class.subreason)
			  else . end
		  end
	elif $set == "hostility" then
		count("hostile"; $r.extra.class | hostile_gold;
		      $r.class.protocol | hostile_pred)
		| .protocol_by_class[$r.extra.class | as_key][$r.class.protocol | as_key] += 1
	else
		# own-style: every key of expect is a task of its own
		if ($r.expect | type) != "object" then .no_expect += 1
		else reduce ($r.expect | to_entries[]) as $e (.;
			count($e.key; $e.value; $r | own_pred($e.key)))
		end
	end;

# The report for a set of kind $kind (airline, es-airline, bitext,
# hostility, own) from its counts; summary lines start with $set.
def render($kind; $set):
	. as $t
	| def task($k; $title):
		if $t[$k] then ($t[$k] | scores | task_report($title)) else empty end;
	  def sums($k):
		if $t[$k] then ($t[$k] | scores | summary($set; $k)) else empty end;
	  def f1s($k):
		if $t[$k] then ($t[$k] | scores | f1_summary($set; $k)) else empty end;
	  def rate_line($k; $what):
		if $t[$k] then "", "\($k): \($t[$k].hits)/\($t[$k].n) = \(ratio($t[$k].hits; $t[$k].n) | fixed(3))  (\($what))"
		else empty end;
	  def xtab($k; $title; $corner):
		if $t[$k] then "", "-- \($title)", ($t[$k] | crosstab($corner)) else empty end;
	if $kind == "airline" or $kind == "es-airline" then
		task("polarity"; "polarity: gold airline_sentiment, predicted class.polarity"),
		rate_line("complaint_recall"; "negative tweets with a negativereason other than Can't Tell that class.reason calls complaint"),
		xtab("reason_by_sentiment"; "class.reason by gold sentiment (counts)"; "sentiment \\ reason"),
		"",
		sums("polarity"),
		(if $t.complaint_recall then $t.complaint_recall | rate_summary($set; "complaint.recall") else empty end),
		"\($set) spam.n \($t.spam // 0)"
	elif $kind == "bitext" then
		task("reason"; "reason: gold from the intent table, predicted class.reason"),
		task("subreason"; "subreason over the gold request rows"),
		xtab("by_intent"; "class.reason by intent (counts)"; "intent \\ reason"),
		(if $t.excluded then "", "excluded: \($t.excluded | to_entries | map("\(.key) \(.value)") | join(", "))" else empty end),
		(if $t.unmapped then "", "NOT IN THE INTENT TABLE (update it): \($t.unmapped | to_entries | map("\(.key) \(.value)") | join(", "))" else empty end),
		"",
		sums("reason"), sums("subreason")
	elif $kind == "hostility" then
		task("hostile"; "hostile: gold Davidson class 0/1, predicted class.protocol hostile or hostile_empty"),
		xtab("protocol_by_class"; "class.protocol by Davidson class (0 hate, 1 offensive, 2 neither)"; "class \\ protocol"),
		"",
		sums("hostile")
	else
		($t | del(.no_expect) | keys) as $fields
		| (["protocol", "reason", "subreason", "polarity", "filter", "action",
		    "derivation", "brand", "community_answer", "lang"]) as $known
		| ([$known[] | select(IN($fields[]))]
		   + ($fields - $known)) as $order
		| "", "-- accuracy per expect field",
		  ("field" | rpad(17)) + "      n  correct  accuracy  macro-F1",
		  ($order[] as $f | $t[$f] | scores
		   | ($f | rpad(17)) + (.n | lpad(7)) + (.correct | lpad(9))
		     + (.accuracy | fixed(3) | lpad(10)) + (.macro_f1 | fixed(3) | lpad(10))),
		  (if $t.no_expect then "", "records without an expect object: \($t.no_expect)" else empty end),
		  task("protocol"; "protocol: expect.protocol vs class.protocol"),
		  task("reason"; "reason: expect.reason vs class.reason"),
		  task("filter"; "filter: expect.filter vs class.filter"),
		  "",
		  ($order[] as $f | $t[$f] | scores
		   | "\($set) \($f).n \(.n)", "\($set) \($f).accuracy \(.accuracy | fixed(4))"),
		  f1s("protocol"), f1s("reason"), f1s("filter")
	end;

# One pass over the classified records on stdin (jq -n).
def evaluate($kind; $set):
	reduce inputs as $r ({}; step($kind; $r))
	| render($kind; $set);
def evaluate($kind): evaluate($kind; $kind);
