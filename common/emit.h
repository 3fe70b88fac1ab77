/* emit.h: the YAML and JSON emitter, private to the library: the documents' owners
 * (dossier, completeness, validation, comparison) write with it; programs never do. */
#ifndef DMN_EMIT_H
#define DMN_EMIT_H

#include "base.h"

struct emitter {
	FILE *f;
	int json;
	int top;
	struct emit_level {
		char type;	/* 'm' map, 's' seq */
		int count, indent, inline_first;
	} lv[32];
};
void emit_init(struct emitter *e, FILE *f, int json);
void emit_doc_begin(struct emitter *e);
void emit_doc_end(struct emitter *e);
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

#endif
