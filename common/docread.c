/* docread.c: typed reading of a YAML tree, for every loader (questionnaire, dossier,
 * policy, validation, comparison): each wrong field is one finding at its place. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

#define ERR(l, at, ...) finding_add((l), SEV_ERROR, (at), NULL, NULL, __VA_ARGS__)

int node_is_str(const struct node *n)
{
	return n && n->kind == NODE_SCALAR && !node_is_null(n);
}

static const char *const kind_words[] = { N_("a string"), N_("a list"), N_("a mapping") };

/* "'key'" or "'key' of WHAT", the subject of a message about a field */
static void field_name(struct buf *b, const char *key, const char *what)
{
	if (what)
		buf_addf(b, _("'%s' of %s"), key, what);
	else
		buf_addf(b, _("'%s'"), key);
}

const struct node *read_node(struct finding_list *l, const struct node *map, const char *key,
			     enum node_kind kind, int required, const char *what)
{
	const struct node *n = node_get(map, key);
	struct buf b = { 0 };

	if (n && !node_is_null(n) && n->kind == kind)
		return n;
	if ((!n || node_is_null(n)) && !required)
		return NULL;
	field_name(&b, key, what);
	if (!n || node_is_null(n))
		ERR(l, n ? n : map, "%s is missing", buf_str(&b));
	else
		ERR(l, n, "%s must be %s, not %s", buf_str(&b), _(kind_words[kind]), node_kind_a(n));
	buf_free(&b);
	return NULL;
}

const char *read_str(struct finding_list *l, const struct node *map, const char *key, int required,
		     const char *what)
{
	const struct node *n = read_node(l, map, key, NODE_SCALAR, required, what);
	return n ? n->text : NULL;
}

long read_count(struct finding_list *l, const struct node *map, const char *key)
{
	const struct node *n = read_node(l, map, key, NODE_SCALAR, 0, NULL);
	char *end;
	long v;

	if (!n)
		return 0;
	errno = 0;
	v = strtol(n->text, &end, 10);
	if (errno || end == n->text || *end || v < 0) {
		ERR(l, n, "'%s' must be a count, not '%s'", key, n->text);
		return 0;
	}
	return v;
}

int read_is(struct finding_list *l, const struct node *n, enum node_kind kind, const char *what)
{
	if (n && n->kind == kind && !(kind == NODE_SCALAR && node_is_null(n)))
		return 1;
	ERR(l, n, "%s must be %s, not %s", what, _(kind_words[kind]), n ? node_kind_a(n) : _("nothing"));
	return 0;
}

const struct node *read_item(struct finding_list *l, const struct node *seq, size_t i, enum node_kind kind)
{
	return read_is(l, seq->items[i], kind, _("a list item")) ? seq->items[i] : NULL;
}

int field_known(const char *const *fields, const char *key)
{
	size_t j;

	for (j = 0; fields[j]; j++)
		if (!strcmp(key, fields[j] + (fields[j][0] == '!')))
			return 1;
	return 0;
}

/* Every key of map outside fields is an error that lists the expected fields; what names
 * the mapping, with %s for id ("the answer to '%s'"). A field written "!name" is required.
 * Messages are made only when needed: this runs for every answer of every dossier. */
int check_fields(struct finding_list *l, const struct node *map, const char *const *fields,
		 const char *id, const char *what)
{
	size_t i, j, before = l->n;

	for (i = 0; i < map->n; i++) {
		const struct node *k = map->items[2 * i];
		struct buf expected = { 0 }, place = { 0 };

		if (field_known(fields, k->text))
			continue;
		for (j = 0; fields[j]; j++) {
			if (j)
				buf_adds(&expected, fields[j + 1] ? ", " : _(" or "));
			buf_adds(&expected, fields[j] + (fields[j][0] == '!'));
		}
		buf_addf(&place, what, id ? id : "");
		finding_add(l, SEV_ERROR, k, id, k->text, "unknown field '%s' in %s (expected %s)", k->text,
			    buf_str(&place), buf_str(&expected));
		finding_about(l, "unknown-field");
		buf_free(&expected);
		buf_free(&place);
	}
	for (j = 0; fields[j]; j++) {
		const struct node *v = fields[j][0] == '!' ? node_get(map, fields[j] + 1) : NULL;
		if (fields[j][0] == '!' && (!v || node_is_null(v))) {
			struct buf place = { 0 };
			buf_addf(&place, what, id ? id : "");
			ERR(l, map, "%s has no '%s'", buf_str(&place), fields[j] + 1);
			buf_free(&place);
		}
	}
	return l->n == before;
}

/* A reader's step that stops at the first thing wrong: read_node or read_str into *out,
 * then -1 if that added a finding (a typed document read back: comparison, changes). */
int read_node_step(struct finding_list *l, const struct node *map, const char *key, enum node_kind kind,
		   int required, const struct node **out)
{
	size_t before = l->n;

	*out = read_node(l, map, key, kind, required, NULL);
	return l->n > before ? -1 : 0;
}

int read_str_step(struct finding_list *l, const struct node *map, const char *key, int required,
		  const char **out)
{
	size_t before = l->n;

	*out = read_str(l, map, key, required, NULL);
	return l->n > before ? -1 : 0;
}
