/* emit.h: the YAML and JSON emitter, private to the library: the documents' owners
 * (dossier, completeness, validation, comparison) write with it; programs never do. */
#ifndef DMN_EMIT_H
#define DMN_EMIT_H

#include "base.h"

struct emitter {
	FILE *f;
	int json;
	int top;
	int capturing;		/* emit_mark: the buffer is kept until emit_capture */
	struct buf out;		/* written, not yet handed to f (emit_flush) */
	struct emit_level {
		char type;	/* 'm' map, 's' seq */
		int count, indent, inline_first;
	} lv[32];
};
void emit_init(struct emitter *e, FILE *f, int json);
void emit_flush(struct emitter *e);	/* what is written, to f (done at each top-level item) */
void emit_eager(int on);	/* 1 (the default): each top-level item written at once (input from a pipe) */
void emit_flush_active(void);	/* what the current emitter holds, to its stream (before a diagnostic) */
void emit_free(struct emitter *e);	/* flushed, its buffer freed */
void emit_doc_begin(struct emitter *e);
void emit_doc_end(struct emitter *e);	/* flushed and freed (emit_free) */
void emit_map_begin(struct emitter *e);
void emit_map_end(struct emitter *e);
void emit_seq_begin(struct emitter *e);
void emit_seq_end(struct emitter *e);
void emit_key(struct emitter *e, const char *key);
void emit_str(struct emitter *e, const char *s);	/* NULL gives null */
void emit_int(struct emitter *e, long long v);
void emit_number(struct emitter *e, const char *decimal);
void emit_bool(struct emitter *e, int v);
void emit_null(struct emitter *e);
void emit_kv_str(struct emitter *e, const char *key, const char *s);
void emit_kv_int(struct emitter *e, const char *key, long long v);
void emit_kv_text(struct emitter *e, const char *key, struct text t);	/* {fr: ..., en: ...} */

/* A part of a mapping written once and copied after (a question still to answer, the same
 * in every dossier): see emit.c. */
struct emit_fragment {
	struct buf bytes;
	int keys, indent, inline_first, json, ready;
};
size_t emit_mark(struct emitter *e);
void emit_capture(struct emitter *e, size_t mark, struct emit_fragment *fr);
int emit_replay(struct emitter *e, const struct emit_fragment *fr);	/* 0: not here, write it */

#endif
