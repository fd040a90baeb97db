/* dataset.c — the dataset object, reading files (plain or gzip) into memory for
 * the CSV parser, label-column detection and column statistics.
 *
 * Reading decisions (see tests/data/bad/EXPECTED):
 * - Gzip is recognised by its magic bytes, not the file name; concatenated members
 *   are read in turn; a truncated or corrupt stream is an error, never a partial load.
 * - Directories are an error. FIFOs and other non-regular files are read to their end.
 * - A regular file whose size or modification time changes while it is read is an
 *   error ("changed while it was being read"), rather than a silently torn table. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dataset-private.h"
#include "matrix.h"

G_DEFINE_QUARK (lloyd-dataset-error-quark, lloyd_dataset_error)

#define READ_BLOCK ((gsize) 1 << 20)
/* The share of the progress bar that reading takes; parsing has the rest. */
#define READ_SHARE 0.3

void
lloyd_load_options_init (LloydLoadOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->header = LLOYD_HEADER_AUTO;
}

LloydDataset *
_lloyd_dataset_new (gsize n_rows,
                    gsize n_columns)
{
  LloydDataset *dataset = g_new0 (LloydDataset, 1);

  g_atomic_ref_count_init (&dataset->ref_count);
  dataset->n_rows = n_rows;
  dataset->n_columns = n_columns;
  dataset->columns = g_new0 (LloydColumn, MAX (n_columns, 1));
  dataset->label_column = -1;
  return dataset;
}

/* Not zeroed: the loader and the generators write every row. _lloyd_alloc_big's
 * memory is 64-byte aligned too, and lloyd_aligned_free() frees it. */
gboolean
_lloyd_column_alloc (LloydColumn *column,
                     gsize        n_rows,
                     GError     **error)
{
  gsize size = column->kind == LLOYD_COLUMN_NUMERIC ? sizeof (double) : sizeof (guint32);
  gpointer mem = NULL;

  if (n_rows <= G_MAXSIZE / size)
    mem = _lloyd_alloc_big (MAX (n_rows * size, 64));
  if (mem == NULL)
    {
      g_autofree char *bytes = g_format_size_full ((guint64) MIN (n_rows, G_MAXSIZE / size) * size,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE,
                   _("not enough memory for column “%s” (%s)"), column->name, bytes);
      return FALSE;
    }
  if (column->kind == LLOYD_COLUMN_NUMERIC)
    column->values = mem;
  else
    {
      column->codes = mem;
      column->levels = g_ptr_array_new_with_free_func (g_free);
    }
  return TRUE;
}

LloydDataset *
lloyd_dataset_ref (LloydDataset *dataset)
{
  g_return_val_if_fail (dataset != NULL, NULL);

  g_atomic_ref_count_inc (&dataset->ref_count);
  return dataset;
}

void
lloyd_dataset_unref (LloydDataset *dataset)
{
  g_return_if_fail (dataset != NULL);

  if (!g_atomic_ref_count_dec (&dataset->ref_count))
    return;
  for (gsize j = 0; j < dataset->n_columns; j++)
    {
      LloydColumn *column = &dataset->columns[j];

      g_free (column->name);
      lloyd_aligned_free (column->values);
      lloyd_aligned_free (column->codes);
      g_clear_pointer (&column->levels, g_ptr_array_unref);
    }
  g_free (dataset->columns);
  g_free (dataset->path);
  g_free (dataset->name);
  g_free (dataset);
}

int
lloyd_dataset_find_column (const LloydDataset *dataset,
                           const char         *name)
{
  g_return_val_if_fail (dataset != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (gsize j = 0; j < dataset->n_columns; j++)
    if (g_strcmp0 (dataset->columns[j].name, name) == 0)
      return (int) j;
  return -1;
}

const char *
lloyd_dataset_get_label (const LloydDataset *dataset,
                         gsize               row)
{
  const LloydColumn *column;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (row < dataset->n_rows, NULL);

  if (dataset->label_column < 0)
    return NULL;
  column = &dataset->columns[dataset->label_column];
  return g_ptr_array_index (column->levels, column->codes[row]);
}

gsize
lloyd_dataset_one_hot_dimension (const LloydDataset *dataset)
{
  gsize d = 0;

  g_return_val_if_fail (dataset != NULL, 0);

  for (gsize j = 0; j < dataset->n_columns; j++)
    {
      if (dataset->columns[j].kind == LLOYD_COLUMN_NUMERIC)
        d++;
      else if (dataset->columns[j].kind == LLOYD_COLUMN_CATEGORICAL)
        d += dataset->columns[j].levels->len;
    }
  return d;
}

const char *
lloyd_column_kind_to_string (LloydColumnKind kind)
{
  switch (kind)
    {
    case LLOYD_COLUMN_NUMERIC:
      return "numeric";
    case LLOYD_COLUMN_CATEGORICAL:
      return "categorical";
    case LLOYD_COLUMN_LABEL:
      return "label";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
lloyd_column_kind_to_display (LloydColumnKind kind)
{
  switch (kind)
    {
    case LLOYD_COLUMN_NUMERIC:
      return C_("column kind", "numeric");
    case LLOYD_COLUMN_CATEGORICAL:
      return C_("column kind", "categorical");
    case LLOYD_COLUMN_LABEL:
      return C_("column kind", "label");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Neumaier's compensated sum: the KDD byte counts span 12 orders of magnitude, and
 * the reference statistics are checked to 1e-9. */
typedef struct
{
  double sum;
  double compensation;
} Accumulator;

static inline void
accumulate (Accumulator *acc,
            double       x)
{
  double t = acc->sum + x;

  if (fabs (acc->sum) >= fabs (x))
    acc->compensation += (acc->sum - t) + x;
  else
    acc->compensation += (x - t) + acc->sum;
  acc->sum = t;
}

static gsize
stats_scaled (const double   *x,
              gsize           n_rows,
              const gboolean *row_mask,
              int             e,
              double         *mean,
              double         *std,
              double         *largest)
{
  /* Work on x · 2^−e: multiplying by a power of two is exact and cheaper than
   * dividing; results are scaled back by 2^e. */
  const double inv_scale = ldexp (1.0, -e), scale = ldexp (1.0, e);
  Accumulator total = { 0 }, squares = { 0 }, deviations = { 0 };
  gsize n = 0;
  double m, s, var, lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  for (gsize i = 0; i < n_rows; i++)
    if (row_mask == NULL || row_mask[i])
      {
        accumulate (&total, x[i] * inv_scale);
        lo = MIN (lo, x[i]);
        hi = MAX (hi, x[i]);
        n++;
      }
  if (n == 0)
    {
      *mean = *std = *largest = 0.0;
      return 0;
    }
  *largest = MAX (fabs (lo), fabs (hi));
  /* A constant column is exactly its value with deviation 0: rounding in the
   * sums must not turn 1.4, 1.4, 1.4 into a mean of 1.4000000000000001 and a
   * tiny deviation, which would defeat the zero-variance rule. */
  if (lo == hi)
    {
      *mean = lo;
      *std = 0.0;
      return n;
    }
  m = (total.sum + total.compensation) / (double) n;
  /* Second pass around the mean, corrected for the mean's own rounding. */
  for (gsize i = 0; i < n_rows; i++)
    if (row_mask == NULL || row_mask[i])
      {
        double dx = x[i] * inv_scale - m;

        accumulate (&squares, dx * dx);
        accumulate (&deviations, dx);
      }
  s = deviations.sum + deviations.compensation;
  var = ((squares.sum + squares.compensation) - s * s / (double) n) / (double) n;
  /* The deviations' sum also corrects the mean's rounding; it stays in range. */
  *mean = CLAMP ((m + s / (double) n) * scale, lo, hi);
  *std = var > 0.0 ? sqrt (var) * scale : 0.0;
  return n;
}

gsize
_lloyd_stats (const double   *x,
              gsize           n_rows,
              const gboolean *row_mask,
              double         *mean,
              double         *std)
{
  double largest;
  gsize n = stats_scaled (x, n_rows, row_mask, 0, mean, std, &largest);

  /* Above ~1e154 the squares overflow, near 1e308 even the sums: beyond 2^400
   * do it again on x / 2^e with 2^e ≤ max|x| < 2^(e+1), which is exact, so
   * smaller data is never affected; what lies beyond the largest double is
   * clamped. */
  if (largest > 0x1p400 && isfinite (largest))
    {
      int e;

      frexp (largest, &e);
      stats_scaled (x, n_rows, row_mask, e - 1, mean, std, &largest);
      *mean = CLAMP (*mean, -G_MAXDOUBLE, G_MAXDOUBLE);
      *std = isfinite (*std) ? *std : G_MAXDOUBLE;
    }
  return n;
}

gsize
lloyd_dataset_column_stats (const LloydDataset *dataset,
                            gsize               column,
                            const gboolean     *row_mask,
                            double             *mean,
                            double             *std)
{
  g_return_val_if_fail (dataset != NULL, 0);
  g_return_val_if_fail (column < dataset->n_columns, 0);
  g_return_val_if_fail (dataset->columns[column].kind == LLOYD_COLUMN_NUMERIC, 0);

  return _lloyd_stats (dataset->columns[column].values, dataset->n_rows, row_mask, mean, std);
}

static const char *const label_names[] = { "label", "class", "target", "attack", "outcome", "y" };

int
_lloyd_dataset_choose_label (char          **names,
                             const gboolean *numeric,
                             gsize           n_columns,
                             gboolean        has_header,
                             const char     *option,
                             const char     *display_name,
                             GError        **error)
{
  if (option != NULL)
    {
      char *end = NULL;
      guint64 index;

      if (g_ascii_strcasecmp (option, "none") == 0)
        return -1;
      /* A name wins over an index, so a column called "3" can be chosen. */
      for (gsize j = 0; j < n_columns; j++)
        if (strcmp (names[j], option) == 0)
          return (int) j;
      index = g_ascii_strtoull (option, &end, 10);
      if (option[0] != '\0' && g_ascii_isdigit (option[0]) && end != NULL && *end == '\0')
        {
          if (index < n_columns)
            return (int) index;
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                       _("%s: label column index %s is out of range (the file has %zu columns, "
                         "numbered from 0)"), display_name, option, n_columns);
          return -1;
        }
      {
        g_autoptr (GString) known = g_string_new (NULL);

        for (gsize j = 0; j < n_columns && j < 50; j++)
          g_string_append_printf (known, "%s%s", j > 0 ? ", " : "", names[j]);
        if (n_columns > 50)
          g_string_append (known, ", …");
        g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                     _("%s: no column named “%s” for the label (columns: %s)"),
                     display_name, option, known->str);
        return -1;
      }
    }
  if (has_header)
    for (guint k = 0; k < G_N_ELEMENTS (label_names); k++)
      for (gsize j = 0; j < n_columns; j++)
        if (g_ascii_strcasecmp (names[j], label_names[k]) == 0)
          return (int) j;
  if (n_columns > 1 && !numeric[n_columns - 1])
    return (int) (n_columns - 1);
  return -1;
}

/* Reading */

static gboolean
report_read_progress (LloydProgressFunc progress,
                      gpointer          user_data,
                      gint64           *last_time,
                      double            fraction)
{
  gint64 now;

  if (progress == NULL)
    return FALSE;
  now = g_get_monotonic_time ();
  if (now - *last_time < 20000)
    return FALSE;
  *last_time = now;
  /* Half of the share: decompressing, when needed, takes the other half. */
  progress (fraction * READ_SHARE * 0.5, C_("progress", "Reading"), user_data);
  return TRUE;
}

gpointer
_lloyd_alloc_big (gsize size)
{
  const gsize huge = (gsize) 2 << 20;
  gpointer mem = NULL;

  /* 2–4 MiB rounded up to two whole huge pages: left at its size such a buffer
   * (a CSV column of the KDD file) would mostly get 4 KiB pages, 15 times the
   * page faults. */
  if (size >= huge && size < 2 * huge)
    size = 2 * huge;
  /* 64-byte aligned either way, as matrix.h promises for numeric data. */
  if (posix_memalign (&mem, size < 2 * huge ? 64 : huge, MAX (size, 1)) != 0)
    return NULL;
  if (size < 2 * huge)
    return mem;
#ifdef MADV_HUGEPAGE
  madvise (mem, size, MADV_HUGEPAGE);
#endif
  return mem;
}

static gboolean
grow (char  **buffer,
      gsize  *capacity,
      gsize   needed,
      const char *display_name,
      GError **error)
{
  gsize new_capacity = MAX (*capacity, READ_BLOCK);
  char *bigger;

  while (new_capacity < needed)
    {
      if (new_capacity > G_MAXSIZE / 2)
        goto fail;
      new_capacity *= 2;
    }
  if (new_capacity == *capacity)
    return TRUE;
  bigger = *buffer == NULL ? _lloyd_alloc_big (new_capacity) : g_try_realloc (*buffer, new_capacity);
  if (bigger == NULL)
    goto fail;
  *buffer = bigger;
  *capacity = new_capacity;
  return TRUE;

fail:
  g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE,
               _("%s: not enough memory to hold the file (%zu bytes needed)"),
               display_name, needed);
  return FALSE;
}

static char *
read_fd (int                fd,
         const struct stat *st,
         const char        *display_name,
         gsize             *length,
         LloydProgressFunc  progress,
         gpointer           user_data,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autofree char *buffer = NULL;
  gsize capacity = 0, used = 0;
  gint64 last_time = 0;
  gsize expected = S_ISREG (st->st_mode) ? (gsize) st->st_size : 0;

  if (!grow (&buffer, &capacity, expected + 1, display_name, error))
    return NULL;
  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (capacity - used < READ_BLOCK / 2
          && !grow (&buffer, &capacity, used + READ_BLOCK, display_name, error))
        return NULL;
      n = read (fd, buffer + used, MIN (capacity - used - 1, READ_BLOCK * 8));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO,
                       _("%s: cannot read: %s"), display_name, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      used += n;
      /* A device or pipe may never end (/dev/zero, /dev/urandom). Text cannot
       * hold a NUL, so the first one ends the read and the parser reports where
       * it is; gzip data, which has NULs, is recognised by its magic bytes. */
      if (!S_ISREG (st->st_mode) && memchr (buffer + used - n, '\0', n) != NULL
          && !(used >= 2 && (guchar) buffer[0] == 0x1f && (guchar) buffer[1] == 0x8b))
        break;
      if (expected > 0)
        report_read_progress (progress, user_data, &last_time,
                              MIN (1.0, (double) used / (double) expected));
    }
  *length = used;
  return g_steal_pointer (&buffer);
}

static char *
inflate_buffer (const char   *compressed,
                gsize         compressed_length,
                const char   *display_name,
                gsize        *length,
                GCancellable *cancellable,
                GError      **error)
{
  g_autofree char *out = NULL;
  gsize capacity = 0, used = 0;
  z_stream stream = { 0 };
  int status = Z_OK;

  if (!grow (&out, &capacity, MIN (compressed_length, G_MAXSIZE / 8) * 4 + 1, display_name, error))
    return NULL;
  /* 15 + 32: a zlib or gzip header, detected. */
  if (inflateInit2 (&stream, 15 + 32) != Z_OK)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COMPRESSED,
                   _("%s: cannot start decompressing"), display_name);
      return NULL;
    }
  stream.next_in = (Bytef *) compressed;
  for (;;)
    {
      gsize in_done = (const char *) stream.next_in - compressed;
      uInt in_chunk = (uInt) MIN (compressed_length - in_done, (gsize) 1 << 30);
      uInt out_chunk;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (capacity - used < READ_BLOCK && !grow (&out, &capacity, used + READ_BLOCK * 4, display_name, error))
        goto fail;
      out_chunk = (uInt) MIN (capacity - used - 1, (gsize) 1 << 30);
      stream.avail_in = in_chunk;
      stream.next_out = (Bytef *) out + used;
      stream.avail_out = out_chunk;
      status = inflate (&stream, Z_NO_FLUSH);
      used += out_chunk - stream.avail_out;
      if (status == Z_STREAM_END)
        {
          in_done = (const char *) stream.next_in - compressed;
          /* Concatenated gzip members, as `cat a.gz b.gz` makes. */
          if (in_done < compressed_length && compressed[in_done] == '\x1f')
            {
              inflateReset (&stream);
              continue;
            }
          break;
        }
      if (status != Z_OK && status != Z_BUF_ERROR)
        {
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COMPRESSED,
                       _("%s: corrupt compressed data near byte %zu: %s"),
                       display_name, (gsize) ((const char *) stream.next_in - compressed),
                       stream.msg != NULL ? stream.msg : _("invalid gzip stream"));
          goto fail;
        }
      /* All input used while output space is left, or no progress possible: the
       * stream ends early. */
      if (stream.avail_in == 0 && (const char *) stream.next_in - compressed == compressed_length
          && (stream.avail_out != 0 || status == Z_BUF_ERROR))
        {
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COMPRESSED,
                       _("%s: the compressed data is truncated (it ends before the end of the gzip stream)"),
                       display_name);
          goto fail;
        }
    }
  inflateEnd (&stream);
  *length = used;
  return g_steal_pointer (&out);

fail:
  inflateEnd (&stream);
  return NULL;
}

static char *
read_file (const char        *path,
           const char        *display_name,
           gsize             *length,
           LloydProgressFunc  progress,
           gpointer           user_data,
           GCancellable      *cancellable,
           GError           **error)
{
  struct stat before, after;
  g_autofree char *data = NULL;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO,
                   _("%s: cannot open: %s"), display_name, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &before) != 0 || S_ISDIR (before.st_mode))
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO,
                   _("%s: is a directory, not a data file"), display_name);
      close (fd);
      return NULL;
    }
  data = read_fd (fd, &before, display_name, length, progress, user_data, cancellable, error);
  if (data != NULL && S_ISREG (before.st_mode)
      && (fstat (fd, &after) != 0 || after.st_size != before.st_size
          || (gsize) after.st_size != *length
          || after.st_mtim.tv_sec != before.st_mtim.tv_sec
          || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec))
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO,
                   _("%s: the file changed while it was being read; load it again when it is complete"),
                   display_name);
      g_clear_pointer (&data, g_free);
    }
  close (fd);
  return g_steal_pointer (&data);
}

LloydDataset *
lloyd_dataset_load (const char             *path,
                    const LloydLoadOptions *options,
                    LloydProgressFunc       progress,
                    gpointer                user_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  LloydDataset *dataset;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Messages and the window show it: valid UTF-8 even for a non-UTF-8 file name. */
  display_name = g_filename_display_basename (path);
  data = read_file (path, display_name, &length, progress, user_data, cancellable, error);
  if (data == NULL)
    return NULL;
  if (length >= 2 && (guchar) data[0] == 0x1f && (guchar) data[1] == 0x8b)
    {
      g_autofree char *compressed = g_steal_pointer (&data);

      if (progress != NULL)
        progress (READ_SHARE * 0.5, C_("progress", "Decompressing"), user_data);
      /* One libdeflate call when it can (gunzip.c), else zlib's stream. */
      data = _lloyd_gunzip (compressed, length, &length);
      if (data == NULL)
        data = inflate_buffer (compressed, length, display_name, &length, cancellable, error);
      if (data == NULL)
        return NULL;
    }
  if (progress != NULL)
    progress (READ_SHARE, C_("progress", "Parsing"), user_data);
  dataset = _lloyd_csv_parse (data, length, display_name, options, progress, user_data,
                              READ_SHARE, cancellable, error);
  if (dataset == NULL)
    return NULL;
  g_free (dataset->path);
  dataset->path = g_strdup (path);
  /* The buffers are freed by now; a cancel that came meanwhile still counts. */
  g_clear_pointer (&data, g_free);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      lloyd_dataset_unref (dataset);
      return NULL;
    }
  return dataset;
}

LloydDataset *
lloyd_dataset_parse (const char             *data,
                     gsize                   length,
                     const char             *display_name,
                     const LloydLoadOptions *options,
                     LloydProgressFunc       progress,
                     gpointer                user_data,
                     GCancellable           *cancellable,
                     GError                **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "data";
  return _lloyd_csv_parse (data != NULL ? data : "", length, display_name, options, progress,
                           user_data, 0.0, cancellable, error);
}

/* Writing */

static void
append_field (GString    *out,
              const char *text)
{
  if (text[0] != '\0' && strpbrk (text, ",\"\r\n") == NULL && text[0] != '#'
      && !g_ascii_isspace (text[0]) && !g_ascii_isspace (text[strlen (text) - 1]))
    {
      g_string_append (out, text);
      return;
    }
  /* Quoted: also keeps a leading '#' from reading as a comment and spaces from
   * being trimmed. */
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

gboolean
lloyd_dataset_save_csv (const LloydDataset *dataset,
                        const char         *path,
                        GError            **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize j = 0; j < dataset->n_columns; j++)
    {
      if (j > 0)
        g_string_append_c (out, ',');
      append_field (out, dataset->columns[j].name);
    }
  g_string_append_c (out, '\n');
  for (gsize i = 0; i < dataset->n_rows; i++)
    {
      for (gsize j = 0; j < dataset->n_columns; j++)
        {
          const LloydColumn *column = &dataset->columns[j];

          if (j > 0)
            g_string_append_c (out, ',');
          if (column->kind == LLOYD_COLUMN_NUMERIC)
            g_string_append (out, g_ascii_dtostr (number, sizeof number, column->values[i]));
          else
            append_field (out, g_ptr_array_index (column->levels, column->codes[i]));
        }
      g_string_append_c (out, '\n');
    }
  if (path == NULL || strcmp (path, "-") == 0)
    {
      if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
        {
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_IO, _("cannot write to stdout"));
          return FALSE;
        }
      return TRUE;
    }
  if (!g_file_set_contents (path, out->str, out->len, error))
    {
      g_prefix_error (error, _("cannot save %s: "), path);
      return FALSE;
    }
  return TRUE;
}
