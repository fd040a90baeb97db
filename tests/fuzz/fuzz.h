/* fuzz.h — Lloyd's fuzz targets. Each tests/fuzz/fuzz-NAME.c defines
 * lloyd_fuzz_NAME(): it feeds arbitrary bytes to one untrusted-input entry point
 * and checks the result's invariants with g_assert (a violated invariant is a
 * crash, like a memory error).
 *
 * Built with -Dfuzzing=true (clang), LLOYD_FUZZ_TARGET turns a target into
 * libFuzzer's LLVMFuzzerTestOneInput; the normal suite links the same functions
 * into tests/test-fuzz-regressions.c, which replays every saved input without
 * libFuzzer. */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

int  lloyd_fuzz_csv   (const uint8_t *data,
                       size_t         size);
int  lloyd_fuzz_infer (const uint8_t *data,
                       size_t         size);
int  lloyd_fuzz_model (const uint8_t *data,
                       size_t         size);
int  lloyd_fuzz_cli   (const uint8_t *data,
                       size_t         size);

/* A model file's JSON object with its checksum recomputed the way model.c signs
 * it, as compact JSON; NULL when @data is not a JSON object. */
char *lloyd_fuzz_model_resign (const char *data,
                               gsize       length,
                               gsize      *out_length);

/* Appends @text as one quoted CSV field ("" for each quote inside). */
void lloyd_fuzz_append_csv_field (GString    *csv,
                                  const char *text);

/* Makes GLib criticals fatal: a g_return_if_fail reached from input is a bug. */
void lloyd_fuzz_setup (void);

#ifdef LLOYD_FUZZ_MAIN
#define LLOYD_FUZZ_TARGET(func)                                     \
  int LLVMFuzzerInitialize (int *argc, char ***argv);               \
  int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);    \
  int                                                               \
  LLVMFuzzerInitialize (int *argc, char ***argv)                    \
  {                                                                 \
    lloyd_fuzz_setup ();                                            \
    return 0;                                                       \
  }                                                                 \
  int                                                               \
  LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)         \
  {                                                                 \
    return func (data, size);                                       \
  }
#else
#define LLOYD_FUZZ_TARGET(func)
#endif

G_END_DECLS
