/* agents.h - rules/agents.yaml: the agents, their group, skills, capacity */
#ifndef SCS_AGENTS_H
#define SCS_AGENTS_H

#include <stddef.h>
#include <stdint.h>

/*
 *   agents:
 *     - id: maria            # the name agents use in records
 *       name: María Gómez
 *       group: care          # the queue/skill group they belong to
 *       skills: [billing, general]
 *       languages: [es, en]
 *       capacity: 6          # conversations at once
 *       hired: "2017-04-03"  # seniority
 *
 * Every key but id is optional; an unknown key, a value of the wrong
 * type, a repeated id or a bad date is an error with file:line:column.
 */
struct agent {
	char	 *id, *name, *group;
	char	**skills, **languages;
	size_t	  nskills, nlanguages;
	long	  capacity;		/* -1: not said (no limit) */
	int64_t	  hired_day;		/* days since 1970; INT64_MIN: not said */
};

struct agents {
	struct agent	*v;
	size_t		 n;
};

/* NULL with "file:line:column: message" in err. */
struct agents *agents_load(const char *path, char *err, size_t errlen);
void	agents_free(struct agents *);
/* Index of the agent, or -1. */
long	agents_find(const struct agents *, const char *id);
int	agent_has_skill(const struct agent *, const char *skill);
int	agent_speaks(const struct agent *, const char *lang);
/* Whole years from hire to day (days since 1970); -1 when unknown. */
int	agent_years(const struct agent *, int64_t day);

#endif
