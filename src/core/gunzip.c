/* gunzip.c — whole-buffer gzip decompression with libdeflate, several times
 * faster than zlib's streaming inflate on data files (the KDD 10% file: 0.02–0.04 s
 * against 0.18 s). Only the common case: a single gzip member whose trailer gives
 * its size. Anything else (several members, trailing bytes, a corrupt or truncated
 * stream) returns NULL, and the caller's zlib path decides, with its messages. */
#include "config.h"

#include <libdeflate.h>

#include "dataset-private.h"

/* Deflate cannot expand one byte into more than 1032. */
#define MAX_RATIO 1032

char *
_lloyd_gunzip (const char *compressed,
               gsize       length,
               gsize      *out_length)
{
  struct libdeflate_decompressor *decompressor;
  enum libdeflate_result result;
  size_t used = 0, size = 0;
  guint32 expected;
  char *out;

  g_return_val_if_fail (compressed != NULL && out_length != NULL, NULL);

  if (length < 18)
    return NULL;
  /* ISIZE: the size mod 2^32, little-endian, in the last four bytes. */
  expected = (guint32) (guchar) compressed[length - 4]
             | (guint32) (guchar) compressed[length - 3] << 8
             | (guint32) (guchar) compressed[length - 2] << 16
             | (guint32) (guchar) compressed[length - 1] << 24;
  if (expected / MAX_RATIO > length)
    return NULL;
  out = _lloyd_alloc_big (MAX (expected, 1));
  decompressor = libdeflate_alloc_decompressor ();
  if (out == NULL || decompressor == NULL)
    {
      g_free (out);
      if (decompressor != NULL)
        libdeflate_free_decompressor (decompressor);
      return NULL;
    }
  result = libdeflate_gzip_decompress_ex (decompressor, compressed, length, out, expected,
                                          &used, &size);
  libdeflate_free_decompressor (decompressor);
  if (result != LIBDEFLATE_SUCCESS || used != length || size != expected)
    {
      g_free (out);
      return NULL;
    }
  *out_length = size;
  return out;
}
