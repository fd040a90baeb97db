/* csv.c — the CSV parser: encoding checks, delimiter and header sniffing, and a
 * two-phase parse over both cores.
 *
 * Phase 1 splits the text at record boundaries into one chunk per thread; each
 * thread tokenizes its chunk, checks the field count, finds missing values, and
 * keeps one 8-byte slot per field, column by column: the parsed number while its
 * column has only numbers, else a field reference (offset, length). Each chunk
 * writes from its own base row of one array per column, sized by an upper bound
 * (pages never written cost nothing), so a numeric column's array becomes the
 * dataset's: moving later chunks down to close the gaps is the only copy. Phase
 * 2, again per chunk, interns text into per-chunk dictionaries, which are then
 * merged in chunk order so levels keep their order of first appearance in the
 * file. A column that turns to text late gets its earlier fields back by
 * tokenizing the chunk once more (rare, and bounded).
 *
 * Decisions on odd input (tested by tests/data/bad/EXPECTED):
 * - UTF-8 only; a UTF-8 BOM is skipped; a UTF-16/32 BOM is rejected with a hint,
 *   as are NUL bytes and invalid UTF-8 (with line and column).
 * - Line ends: LF, CRLF and CR alone are all accepted (old Mac spreadsheets).
 * - Lines starting with '#' are comments; blank lines are skipped.
 * - Quotes follow RFC 4180 ("" inside a quoted field is one "); a quote inside an
 *   unquoted field, text after a closing quote and an unterminated quote are errors.
 * - Spaces around unquoted fields are trimmed ("1, 2" reads as 1 and 2).
 * - Numbers are decimal (number.c): "0x10", "1e999", "inf" and "1,5" are text, so
 *   they make their column categorical. "-nan", "nan", "NA", "N/A", "?" and an
 *   empty field are missing values.
 * - Header names must be unique: a repeated name gets "_2", "_3"; an empty one is
 *   "column_N". Without a header columns are named column_1, column_2, …
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dataset-private.h"
#include "matrix.h"
#include "number.h"

/* A field reference: byte offset (38 bits), length (25 bits), and whether it was
 * quoted with "" escapes that need undoing (1 bit). */
typedef guint64 FieldRef;
#define REF_OFFSET_BITS 38
#define REF_LENGTH_BITS 25
#define REF_MAX_LENGTH  (((guint64) 1 << REF_LENGTH_BITS) - 1)
#define REF_MAX_OFFSET  (((guint64) 1 << REF_OFFSET_BITS) - 1)
#define REF_MAKE(offset, length, escaped) \
  ((guint64) (offset) | ((guint64) (length) << REF_OFFSET_BITS) | ((guint64) (escaped) << 63))
#define REF_OFFSET(r)  ((r) & REF_MAX_OFFSET)
#define REF_LENGTH(r)  (((r) >> REF_OFFSET_BITS) & REF_MAX_LENGTH)
#define REF_ESCAPED(r) ((r) >> 63)

/* Chunks smaller than this are not worth a thread. */
#define MIN_CHUNK_BYTES ((gsize) 1 << 20)
#define SNIFF_RECORDS 50

typedef enum
{
  TOKEN_OK,
  TOKEN_END,        /* no more records */
  TOKEN_ERROR,
} TokenStatus;

typedef struct
{
  const char *data;
  gsize       length;
  char        delimiter;   /* ' ': runs of spaces and tabs */
  guint8      stops[256];  /* bytes that end an unquoted field's fast scan */
} Tokenizer;

static void
tokenizer_init (Tokenizer  *t,
                const char *data,
                gsize       length,
                char        delimiter)
{
  t->data = data;
  t->length = length;
  t->delimiter = delimiter;
  memset (t->stops, 0, sizeof t->stops);
  t->stops[(guchar) delimiter] = 1;
  t->stops['\n'] = t->stops['\r'] = t->stops['"'] = 1;
  if (delimiter == ' ')
    t->stops['\t'] = 1;
}

/* The first problem found, as a byte offset into the data and a message without
 * the "file:line:column: " prefix, which is added once the offset is placed. */
typedef struct
{
  gsize  offset;
  GQuark domain;
  int    code;
  char  *message;
} Problem;

static void
problem_set (Problem    *problem,
             gsize       offset,
             int         code,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
problem_set (Problem    *problem,
             gsize       offset,
             int         code,
             const char *format,
             ...)
{
  va_list args;

  g_assert (problem->message == NULL);
  problem->offset = offset;
  problem->domain = LLOYD_DATASET_ERROR;
  problem->code = code;
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Turns an offset into "name:line:column: message", counting lines the way the
 * tokenizer does (LF, CRLF, CR) and columns in characters. Only runs on errors. */
static void
problem_to_error (const Problem *problem,
                  const char    *data,
                  gsize          length,
                  const char    *display_name,
                  GError       **error)
{
  gsize line = 1, line_start = 0, column = 1;

  for (gsize i = 0; i < problem->offset && i < length; i++)
    {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= length || data[i + 1] != '\n')))
        {
          line++;
          line_start = i + 1;
        }
    }
  for (gsize i = line_start; i < problem->offset && i < length; i++)
    if (((guchar) data[i] & 0xC0) != 0x80)
      column++;
  g_set_error (error, problem->domain, problem->code, "%s:%" G_GSIZE_FORMAT ":%" G_GSIZE_FORMAT ": %s",
               display_name, line, column, problem->message);
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static inline gboolean
is_line_end (char c)
{
  return c == '\n' || c == '\r';
}

static inline gsize
skip_line_end (const char *data,
               gsize       length,
               gsize       pos)
{
  if (pos < length && data[pos] == '\r')
    pos++;
  if (pos < length && data[pos] == '\n')
    pos++;
  return pos;
}

/* Skips comment and blank lines; returns the start of the next record or length. */
static gsize
skip_ignored_lines (const Tokenizer *t,
                    gsize            pos,
                    gsize            end)
{
  while (pos < end)
    {
      gsize p = pos;

      if (t->data[p] == '#')
        {
          while (p < end && t->data[p] != '\n' && t->data[p] != '\r')
            p++;
        }
      else
        {
          while (p < end && is_blank (t->data[p]))
            p++;
          if (p < end && t->data[p] != '\n' && t->data[p] != '\r')
            return pos;
        }
      if (p >= end)
        return end;
      pos = skip_line_end (t->data, end, p);
    }
  return pos;
}

/* Reads one record starting at *@pos (a record start, after ignored lines).
 * Stores up to @max_fields references in @refs, counts all fields in *@n_fields,
 * and leaves *@pos after the record's line end. @end bounds the record's start
 * only: a quoted field may run past it, up to t->length. */
static TokenStatus
next_record (const Tokenizer *t,
             gsize           *pos,
             gsize            end,
             FieldRef        *refs,
             gsize            max_fields,
             gsize           *n_fields,
             Problem         *problem)
{
  const char *data = t->data;
  gsize length = t->length;
  gsize p = skip_ignored_lines (t, *pos, end);
  gsize count = 0;
  const char delimiter = t->delimiter;

  if (p >= end)
    {
      *pos = p;
      return TOKEN_END;
    }
  for (;;)
    {
      gsize start, stop;
      gboolean escaped = FALSE;
      FieldRef ref;

      while (p < length && is_blank (data[p]) && (delimiter == ' ' || data[p] != delimiter))
        p++;
      if (p < length && data[p] == '"')
        {
          gsize quote = p++;

          start = p;
          for (;;)
            {
              const char *q = memchr (data + p, '"', length - p);

              if (q == NULL)
                {
                  problem_set (problem, quote, LLOYD_DATASET_ERROR_PARSE,
                               _("unterminated quoted field (the closing \" is missing)"));
                  return TOKEN_ERROR;
                }
              p = q - data;
              if (p + 1 < length && data[p + 1] == '"')
                {
                  escaped = TRUE;
                  p += 2;
                  continue;
                }
              break;
            }
          stop = p++;
          if (delimiter == ' ' && p < length && !is_blank (data[p]) && !is_line_end (data[p]))
            {
              problem_set (problem, p, LLOYD_DATASET_ERROR_PARSE,
                           _("unexpected text after a closing quote (expected a delimiter or the end of the line)"));
              return TOKEN_ERROR;
            }
          while (delimiter != ' ' && p < length && is_blank (data[p]) && data[p] != delimiter)
            p++;
          if (delimiter != ' ' && p < length && data[p] != delimiter && !is_line_end (data[p]))
            {
              problem_set (problem, p, LLOYD_DATASET_ERROR_PARSE,
                           _("unexpected text after a closing quote (expected a delimiter or the end of the line)"));
              return TOKEN_ERROR;
            }
        }
      else
        {
          start = p;
          while (p < length && !t->stops[(guchar) data[p]])
            p++;
          if (p < length && G_UNLIKELY (data[p] == '"'))
            {
              problem_set (problem, p, LLOYD_DATASET_ERROR_PARSE,
                           _("a quote inside an unquoted field (quote the whole field and double the quote: \"a\"\"b\")"));
              return TOKEN_ERROR;
            }
          stop = p;
          while (stop > start && is_blank (data[stop - 1]))
            stop--;
        }
      if (G_UNLIKELY (stop - start > REF_MAX_LENGTH || start > REF_MAX_OFFSET))
        {
          problem_set (problem, start, LLOYD_DATASET_ERROR_TOO_LARGE,
                       _("a field longer than %zu bytes, or a file over 256 GiB"),
                       (gsize) REF_MAX_LENGTH);
          return TOKEN_ERROR;
        }
      ref = REF_MAKE (start, stop - start, escaped);
      if (count < max_fields)
        refs[count] = ref;
      count++;

      if (delimiter == ' ')
        {
          /* Whitespace-separated: a run of blanks is one delimiter, trailing ones end the line. */
          while (p < length && is_blank (data[p]))
            p++;
          if (p >= length || data[p] == '\n' || data[p] == '\r')
            break;
          continue;
        }
      if (p < length && data[p] == delimiter)
        {
          p++;
          continue;
        }
      break;
    }
  *pos = skip_line_end (data, length, p);
  *n_fields = count;
  return TOKEN_OK;
}

/* Copies field @ref into a new string, undoing "" escapes. */
static char *
field_dup (const char *data,
           FieldRef    ref)
{
  const char *s = data + REF_OFFSET (ref);
  gsize len = REF_LENGTH (ref);
  char *out, *o;

  if (!REF_ESCAPED (ref))
    return g_strndup (s, len);
  o = out = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    {
      *o++ = s[i];
      if (s[i] == '"')
        i++;
    }
  *o = '\0';
  return out;
}

static gboolean
field_is_number (const char *data,
                 FieldRef    ref)
{
  double unused;

  return !REF_ESCAPED (ref) && _lloyd_parse_double (data + REF_OFFSET (ref), REF_LENGTH (ref), &unused);
}

static gboolean
field_is_missing (const char *data,
                  FieldRef    ref)
{
  const char *text = data + REF_OFFSET (ref);
  gsize length = REF_LENGTH (ref);

  /* Most fields start with a digit, which no missing token does: skip the call. */
  if (length > 0 && g_ascii_isdigit (text[0]))
    return FALSE;
  return !REF_ESCAPED (ref) && _lloyd_is_missing (text, length);
}

/* Encoding checks */

/* Finds the first byte that is NUL or starts invalid UTF-8, or returns FALSE.
 * ASCII is checked eight bytes at a time; the rest goes to g_utf8_validate_len. */
static gboolean
find_bad_byte (const char *data,
               gsize       start,
               gsize       end,
               gsize      *bad)
{
  gsize p = start;
  const char *invalid = NULL;

  while (p + 8 <= end)
    {
      guint64 w;

      memcpy (&w, data + p, 8);
      /* High bit set, or a zero byte (the classic has-zero-byte test). */
      if ((w & 0x8080808080808080ULL) != 0
          || ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) != 0)
        break;
      p += 8;
    }
  if (p >= end)
    return FALSE;
  if (g_utf8_validate_len (data + p, end - p, &invalid))
    return FALSE;
  *bad = invalid - data;
  return TRUE;
}

static void
problem_bad_byte (Problem    *problem,
                  const char *data,
                  gsize       offset)
{
  if (data[offset] == '\0')
    problem_set (problem, offset, LLOYD_DATASET_ERROR_PARSE,
                 _("a NUL byte: this looks like a binary file, not text"));
  else
    problem_set (problem, offset, LLOYD_DATASET_ERROR_PARSE,
                 _("invalid UTF-8 (byte 0x%02x): save the file as UTF-8"), (guchar) data[offset]);
}

/* Sniffing */

typedef struct
{
  gboolean ok;
  gsize    n_records;
  gsize    first_count;
  gboolean consistent;
} SniffResult;

static SniffResult
sniff_with (const char *data,
            gsize       length,
            gsize       start,
            char        delimiter)
{
  Tokenizer t;
  SniffResult r = { TRUE, 0, 0, TRUE };
  gsize pos = start;
  gsize limit = MIN (length, start + ((gsize) 1 << 16));

  tokenizer_init (&t, data, length, delimiter);

  while (r.n_records < SNIFF_RECORDS && pos < limit)
    {
      Problem problem = { 0 };
      gsize n = 0;
      TokenStatus status = next_record (&t, &pos, limit, NULL, 0, &n, &problem);

      if (status == TOKEN_END)
        break;
      if (status == TOKEN_ERROR)
        {
          g_free (problem.message);
          r.ok = FALSE;
          break;
        }
      if (r.n_records == 0)
        r.first_count = n;
      else if (n != r.first_count)
        r.consistent = FALSE;
      r.n_records++;
    }
  return r;
}

/* Tab first (it is rarely data), then ';' (used where ',' is the decimal mark),
 * then ',', then runs of whitespace. A delimiter must split every sampled record
 * into the same number (> 1) of fields; failing that, the one splitting the first
 * record most, so a ragged file still gets its "expected N fields" error. */
static char
sniff_delimiter (const char *data,
                 gsize       length,
                 gsize       start)
{
  static const char candidates[] = { '\t', ';', ',', ' ' };
  char best = ',';
  gsize best_count = 1;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      SniffResult r = sniff_with (data, length, start, candidates[i]);

      if (r.ok && r.consistent && r.first_count > 1)
        return candidates[i];
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      SniffResult r = sniff_with (data, length, start, candidates[i]);

      if (r.first_count > best_count)
        {
          best = candidates[i];
          best_count = r.first_count;
        }
    }
  return best;
}

/* A header when some column has a text first value over numbers below it; or,
 * when every first value is text, when none of them repeats in its column (so a
 * table of words is not mistaken for one); or for a lone row of text. */
static gboolean
sniff_header (const Tokenizer *t,
              gsize            start,
              gsize            n_columns)
{
  g_autofree FieldRef *first = g_new0 (FieldRef, n_columns);
  g_autofree FieldRef *row = g_new0 (FieldRef, n_columns);
  g_autofree gboolean *numeric_below = g_new0 (gboolean, n_columns);
  g_autofree gboolean *text_below = g_new0 (gboolean, n_columns);
  g_autofree gboolean *repeats = g_new0 (gboolean, n_columns);
  Problem problem = { 0 };
  gsize pos = start, n = 0, n_rows = 0;
  gboolean all_text = TRUE, header = FALSE;
  gsize limit = MIN (t->length, start + ((gsize) 1 << 16));

  if (next_record (t, &pos, t->length, first, n_columns, &n, &problem) != TOKEN_OK)
    {
      g_free (problem.message);
      return FALSE;
    }
  for (gsize j = 0; j < MIN (n, n_columns); j++)
    if (field_is_number (t->data, first[j]) || field_is_missing (t->data, first[j]))
      all_text = FALSE;
  while (n_rows < SNIFF_RECORDS && pos < limit)
    {
      TokenStatus status = next_record (t, &pos, limit, row, n_columns, &n, &problem);

      if (status != TOKEN_OK)
        break;
      n_rows++;
      for (gsize j = 0; j < MIN (n, n_columns); j++)
        {
          if (field_is_missing (t->data, row[j]))
            continue;
          if (field_is_number (t->data, row[j]))
            numeric_below[j] = TRUE;
          else
            text_below[j] = TRUE;
          if (REF_LENGTH (row[j]) == REF_LENGTH (first[j])
              && memcmp (t->data + REF_OFFSET (row[j]), t->data + REF_OFFSET (first[j]),
                         REF_LENGTH (row[j])) == 0)
            repeats[j] = TRUE;
        }
    }
  g_free (problem.message);
  for (gsize j = 0; j < n_columns; j++)
    if (numeric_below[j] && !text_below[j] && !field_is_number (t->data, first[j])
        && !field_is_missing (t->data, first[j]))
      header = TRUE;
  if (!header && all_text)
    {
      header = TRUE;
      for (gsize j = 0; j < n_columns; j++)
        if (repeats[j])
          header = FALSE;
    }
  return header;
}

/* Phase 1 */

typedef struct
{
  const Tokenizer *t;
  gsize            start, end;       /* record-aligned byte range */
  gsize            n_columns;
  gboolean         drop_missing;
  const char      *const *names;
  GCancellable    *cancellable;
  /* Progress from chunk 0 only, which runs on the caller's thread. */
  LloydProgressFunc progress;
  gpointer          user_data;
  double            progress_from, progress_to;

  /* Slot (r, j) is slots[j][slot_base + r]: the parsed double while column j
   * has only numbers in this chunk (r < first_text[j]), and the field reference
   * from there on; so numbers are parsed once. */
  FieldRef *const *slots;
  gsize      slot_base;
  gsize      capacity;   /* records: the chunk's bound (chunk_count_lines) */
  FieldRef  *row;        /* n_columns: the record being read */
  gsize      n_records;
  guint8    *dropped;    /* n_records flags, with drop_missing */
  gsize      n_dropped;
  gboolean  *numeric;    /* n_columns: every kept value is a number */
  gsize     *first_text; /* n_columns: the first record holding a reference */
  gboolean  *seen;       /* n_columns: a kept, non-missing value was seen */
  Problem    problem;

  /* Phase 2 */
  gsize        row_base;  /* first output row of this chunk */
  const int   *plan;      /* per column: 0 numeric, 1 text (codes) */
  LloydColumn *columns;
  GPtrArray  **local_levels;  /* per text column: this chunk's levels in order */
} Chunk;

/* Every record ends at a line end (LF, CRLF or a lone CR) or at the end of the
 * file, and chunks end after a line end, so a chunk holds at most its line ends
 * (+ 1 for a file without a final line end) records; a quoted line break only
 * raises the count. Exact for most files, so each chunk's slots start where its
 * rows go and no column is moved later. Counted with memchr, which is many
 * times faster per byte than a loop here. */
static gpointer
chunk_count_lines (gpointer data)
{
  Chunk *c = data;
  const char *text = c->t->data, *end = text + c->end;
  const char *p = text + c->start;
  gsize lines = 0;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      lines++;
      p++;
    }
  /* A CR counts when no LF follows; the byte after it may lie in the next chunk. */
  for (p = text + c->start; (p = memchr (p, '\r', end - p)) != NULL; p++)
    lines += p + 1 == text + c->t->length || p[1] != '\n';
  c->capacity = lines + (c->end > c->start && !is_line_end (text[c->end - 1]));
  return NULL;
}

static void
report_progress (Chunk  *c,
                 gsize   pos,
                 gint64 *last_time)
{
  gint64 now;

  if (c->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (now - *last_time < 20000)
    return;
  *last_time = now;
  c->progress (c->progress_from + (c->progress_to - c->progress_from)
                 * (double) (pos - c->start) / (double) MAX (c->end - c->start, 1),
               NULL, c->user_data);
}

/* The common record read and parsed in one pass: each field unquoted, without
 * surrounding blanks and not missing, and in every column still numeric a
 * plain decimal (number.h). Anything else returns FALSE before the record
 * counts, and next_record() reads it again from *@pos: the slots it wrote are
 * overwritten then. */
static gboolean
fast_record (Chunk *c,
             gsize *pos,
             gsize  limit)
{
  /* Locals: the slots are 64-bit words like the chunk's counters, so stores to
   * them would otherwise force every field of *c to be read again. */
  const Tokenizer *t = c->t;
  const char *data = t->data;
  const gsize length = t->length, n_columns = c->n_columns, slot = c->slot_base + c->n_records;
  const gboolean *numeric = c->numeric;
  FieldRef *const *slots = c->slots;
  const guint8 *stops = t->stops;
  const char delimiter = t->delimiter;
  gsize p = *pos;

  if (p >= limit || c->n_records >= c->capacity || delimiter == ' ' || is_blank (data[p])
      || data[p] == '#')
    return FALSE;
  for (gsize j = 0; j < n_columns; j++)
    {
      gsize start = p;
      FieldRef ref;

      if (numeric[j])
        {
          double value;
          gsize n = _lloyd_scan_plain_decimal (data + p, data + length, &value);

          if (n == 0)
            return FALSE;
          p += n;
          memcpy (&ref, &value, sizeof value);
        }
      else
        {
          while (p < length && !stops[(guchar) data[p]])
            p++;
          if (p == start || (p < length && data[p] == '"') || is_blank (data[start])
              || is_blank (data[p - 1]) || p - start > REF_MAX_LENGTH || start > REF_MAX_OFFSET
              || _lloyd_is_missing (data + start, p - start))
            return FALSE;
          ref = REF_MAKE (start, p - start, 0);
        }
      slots[j][slot] = ref;
      if (j + 1 < n_columns)
        {
          if (p >= length || data[p] != delimiter)
            return FALSE;
          p++;
        }
    }
  if (p < length && !is_line_end (data[p]))
    return FALSE;
  *pos = skip_line_end (data, length, p);
  /* A kept record marks every column, so all are marked once the first is. */
  if (!c->seen[0])
    for (gsize j = 0; j < n_columns; j++)
      c->seen[j] = TRUE;
  if (c->drop_missing)
    c->dropped[c->n_records] = FALSE;
  c->n_records++;
  return TRUE;
}

#define FAST_GIVE_UP 64

static void
chunk_tokenize_until (Chunk *c,
                      gsize  limit)
{
  const Tokenizer *t = c->t;
  gsize pos = c->start, fast_misses = 0;
  gint64 last_time = 0;

  c->numeric = g_new (gboolean, c->n_columns);
  c->first_text = g_new0 (gsize, c->n_columns);
  c->seen = g_new0 (gboolean, c->n_columns);
  for (gsize j = 0; j < c->n_columns; j++)
    c->numeric[j] = TRUE;

  for (;;)
    {
      gsize n = 0;
      FieldRef *row;
      TokenStatus status;
      gboolean drop = FALSE;

      if ((c->n_records & 1023) == 0)
        {
          if (g_cancellable_is_cancelled (c->cancellable))
            {
              c->problem.domain = G_IO_ERROR;
              c->problem.code = G_IO_ERROR_CANCELLED;
              c->problem.message = g_strdup (_("Cancelled"));
              return;
            }
          report_progress (c, pos, &last_time);
        }
      /* A file whose records all miss the fast path (quoted text, ", "
       * separators) would pay for it on every record: after FAST_GIVE_UP misses
       * in a row it is only tried again every 4096 records. */
      if ((fast_misses < FAST_GIVE_UP || (c->n_records & 4095) == 0) && fast_record (c, &pos, limit))
        {
          fast_misses = 0;
          continue;
        }
      fast_misses++;
      row = c->row;
      status = next_record (t, &pos, limit, row, c->n_columns, &n, &c->problem);
      if (status == TOKEN_END)
        break;
      if (status == TOKEN_ERROR)
        return;
      /* chunk_count_lines() bounds every record the tokenizer accepts; checked
       * anyway, as the slots have no room beyond it. */
      if (G_UNLIKELY (c->n_records >= c->capacity))
        {
          problem_set (&c->problem, pos, LLOYD_DATASET_ERROR_TOO_LARGE,
                       _("more records than line ends (%zu)"), c->capacity);
          return;
        }
      if (n != c->n_columns)
        {
          /* Point just past the last field read that fits: where a delimiter is
           * missing, or at the first extra one. */
          gsize last = MIN (n, c->n_columns) - 1;
          gsize where = REF_OFFSET (row[last]) + REF_LENGTH (row[last]);
          problem_set (&c->problem, where, LLOYD_DATASET_ERROR_PARSE,
                       _("expected %zu fields, found %zu"),
                       c->n_columns, n);
          return;
        }
      for (gsize j = 0; j < c->n_columns; j++)
        if (G_UNLIKELY (field_is_missing (t->data, row[j])))
          {
            if (!c->drop_missing)
              {
                problem_set (&c->problem, REF_OFFSET (row[j]), LLOYD_DATASET_ERROR_MISSING,
                             _("missing value in column “%s” (use the drop-missing option to skip such rows)"),
                             c->names[j]);
                return;
              }
            drop = TRUE;
            break;
          }
      if (c->drop_missing)
        c->dropped[c->n_records] = drop;
      c->n_records++;
      if (drop)
        {
          c->n_dropped++;
          continue;
        }
      for (gsize j = 0; j < c->n_columns; j++)
        {
          FieldRef slot = row[j];

          c->seen[j] = TRUE;
          if (c->numeric[j])
            {
              double value;

              if (!REF_ESCAPED (row[j])
                  && _lloyd_parse_double (t->data + REF_OFFSET (row[j]), REF_LENGTH (row[j]), &value))
                memcpy (&slot, &value, sizeof value);
              else
                {
                  c->numeric[j] = FALSE;
                  c->first_text[j] = c->n_records - 1;
                }
            }
          c->slots[j][c->slot_base + c->n_records - 1] = slot;
        }
    }
  /* Columns that stayed numbers hold doubles in every kept row. */
  for (gsize j = 0; j < c->n_columns; j++)
    if (c->numeric[j])
      c->first_text[j] = c->n_records;
}

/* Phase 1 for one chunk. Bytes the encoding check rejects end the chunk early, so
 * a problem before them (a ragged row, say) is still the one reported: the first
 * in file order. */
static gpointer
chunk_tokenize (gpointer data)
{
  Chunk *c = data;
  gsize bad;

  if (!find_bad_byte (c->t->data, c->start, c->end, &bad))
    {
      chunk_tokenize_until (c, c->end);
      return NULL;
    }
  chunk_tokenize_until (c, bad);
  if (c->problem.message == NULL || c->problem.offset > bad)
    {
      g_clear_pointer (&c->problem.message, g_free);
      problem_bad_byte (&c->problem, c->t->data, bad);
    }
  return NULL;
}

/* When a column turns out to be text, rows before its first text in this chunk
 * hold doubles: tokenize those rows again to get their references back. One pass
 * over (a prefix of) the chunk, whatever the number of such columns. */
static void
chunk_restore_refs (Chunk *c)
{
  gsize until = 0, pos = c->start;
  g_autofree FieldRef *row = g_new (FieldRef, MAX (c->n_columns, 1));

  for (gsize j = 0; j < c->n_columns; j++)
    if (c->plan[j] == 1)
      until = MAX (until, c->first_text[j]);
  for (gsize r = 0; r < until; r++)
    {
      Problem problem = { 0 };
      gsize n = 0;
      G_GNUC_UNUSED TokenStatus status;

      status = next_record (c->t, &pos, c->end, row, c->n_columns, &n, &problem);
      g_assert (status == TOKEN_OK && n == c->n_columns);
      for (gsize j = 0; j < c->n_columns; j++)
        if (c->plan[j] == 1 && r < c->first_text[j])
          c->slots[j][c->slot_base + r] = row[j];
    }
}

/* Phase 2 */

typedef struct
{
  const char *text;
  gsize       length;
} Key;

static guint
key_hash (gconstpointer p)
{
  const Key *k = p;
  guint h = 5381;

  for (gsize i = 0; i < k->length; i++)
    h = h * 33 + (guchar) k->text[i];
  return h;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *x = a, *y = b;

  return x->length == y->length && memcmp (x->text, y->text, x->length) == 0;
}

/* Codes for the text columns; numeric columns are already in place. */
static gpointer
chunk_convert (gpointer data)
{
  Chunk *c = data;
  const char *text = c->t->data;
  gsize n_columns = c->n_columns;

  chunk_restore_refs (c);
  for (gsize j = 0; j < n_columns; j++)
    {
      const FieldRef *slots;
      LloydColumn *column = &c->columns[j];
      /* Keys point into the level strings. */
      g_autoptr (GHashTable) index = NULL;
      gsize out = c->row_base;
      /* The previous row's unescaped value and code: runs of one value are common
       * (sorted files, KDD's blocks of one attack) and skip the hash. */
      Key last = { NULL, 0 };
      guint32 last_code = 0;

      if (c->plan[j] != 1)
        continue;
      /* Only text columns have slots: numeric ones were parsed in place. */
      slots = c->slots[j] + c->slot_base;
      index = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
      c->local_levels[j] = g_ptr_array_new_with_free_func (g_free);
      for (gsize r = 0; r < c->n_records; r++)
        {
          FieldRef ref = slots[r];
          g_autofree char *unescaped = NULL;
          Key key = { text + REF_OFFSET (ref), REF_LENGTH (ref) };
          gpointer code;

          if (c->dropped != NULL && c->dropped[r])
            continue;
          if (key.length == last.length && last.text != NULL && !REF_ESCAPED (ref)
              && memcmp (key.text, last.text, key.length) == 0)
            {
              column->codes[out++] = last_code;
              continue;
            }
          if (REF_ESCAPED (ref))
            {
              unescaped = field_dup (text, ref);
              key.text = unescaped;
              key.length = strlen (unescaped);
            }
          if (!g_hash_table_lookup_extended (index, &key, NULL, &code))
            {
              GPtrArray *levels = c->local_levels[j];
              char *level = g_strndup (key.text, key.length);
              Key *stored = g_new (Key, 1);

              stored->text = level;
              stored->length = key.length;
              code = GUINT_TO_POINTER (levels->len);
              g_ptr_array_add (levels, level);
              g_hash_table_insert (index, stored, code);
            }
          column->codes[out++] = GPOINTER_TO_UINT (code);
          if (!REF_ESCAPED (ref))
            {
              last = key;
              last_code = GPOINTER_TO_UINT (code);
            }
        }
    }
  return NULL;
}

/* Moves each chunk's numbers of column @j down to its output rows, in chunk
 * order (a chunk's rows never lie above its slots, so nothing is overwritten
 * before it is read), skipping dropped records; then returns the pages past the
 * last row, which the later chunks wrote, to the system. */
static void
compact_column (Chunk   *chunks,
                guint    n_chunks,
                double  *values,
                gsize    n_rows,
                gsize    capacity)
{
  for (guint k = 0; k < n_chunks; k++)
    {
      const Chunk *c = &chunks[k];
      const double *from = values + c->slot_base;
      double *to = values + c->row_base;

      if (c->dropped == NULL)
        {
          if (to != from)
            memmove (to, from, c->n_records * sizeof (double));
        }
      else
        for (gsize r = 0; r < c->n_records; r++)
          if (!c->dropped[r])
            *to++ = from[r];
    }
#ifdef MADV_DONTNEED
  {
    const gsize page = (gsize) sysconf (_SC_PAGESIZE);
    guintptr begin = ((guintptr) (values + n_rows) + page - 1) & ~(guintptr) (page - 1);
    guintptr end = (guintptr) (values + capacity) & ~(guintptr) (page - 1);

    if (end > begin)
      madvise ((gpointer) begin, end - begin, MADV_DONTNEED);
  }
#else
  (void) n_rows;
  (void) capacity;
#endif
}

/* Merges each chunk's levels into the column's, in chunk order, and renumbers the
 * chunk's codes. */
static void
merge_levels (Chunk       *chunks,
              guint        n_chunks,
              LloydColumn *column,
              gsize        j)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < n_chunks; k++)
    {
      Chunk *c = &chunks[k];
      GPtrArray *local = c->local_levels[j];
      g_autofree guint32 *map = g_new (guint32, MAX (local->len, 1));
      gsize kept = c->n_records - c->n_dropped;

      for (guint l = 0; l < local->len; l++)
        {
          char *level = g_ptr_array_index (local, l);
          gpointer code;

          if (!g_hash_table_lookup_extended (index, level, NULL, &code))
            {
              code = GUINT_TO_POINTER (column->levels->len);
              /* Steal the string from the chunk's array. */
              g_ptr_array_index (local, l) = NULL;
              g_ptr_array_add (column->levels, level);
              g_hash_table_insert (index, level, code);
            }
          map[l] = GPOINTER_TO_UINT (code);
        }
      if (k > 0)
        for (gsize r = c->row_base; r < c->row_base + kept; r++)
          column->codes[r] = map[column->codes[r]];
      else
        g_assert (local->len == column->levels->len);
    }
}

/* Splits [start, length) into up to @n parts at record boundaries. When the text
 * has quotes, boundaries come from a scan that tracks quoting exactly as the
 * tokenizer does (quotes open only at a field start; comments only at a line start). */
static guint
split_chunks (const Tokenizer *t,
              gsize            start,
              guint            n,
              gsize           *bounds)
{
  const char *data = t->data;
  gsize length = t->length;
  gboolean has_quotes = memchr (data + start, '"', length - start) != NULL;
  guint k = 0;
  gsize pos = start;
  /* Quote-tracking scan state. */
  gboolean in_quotes = FALSE, field_start = TRUE, line_start = TRUE, comment = FALSE;
  gsize scan = start;

  bounds[k++] = start;
  for (guint i = 1; i < n; i++)
    {
      gsize target = start + (length - start) / n * i;

      if (target <= pos)
        continue;
      if (!has_quotes)
        {
          const char *nl = memchr (data + target, '\n', length - target);
          const char *cr = memchr (data + target, '\r', MIN (length - target, (gsize) 1 << 16));

          if (nl == NULL && cr == NULL)
            break;
          /* A lone CR ends lines in CR-only files; CRLF ends after the LF. */
          if (cr != NULL && (nl == NULL || cr < nl) && (cr + 1 >= data + length || cr[1] != '\n'))
            pos = cr - data + 1;
          else
            pos = (nl != NULL ? nl : cr + 1) - data + 1;
        }
      else
        {
          gboolean found = FALSE;

          for (; scan < length; scan++)
            {
              char ch = data[scan];

              if (comment)
                {
                  if (ch == '\n' || ch == '\r')
                    comment = FALSE, line_start = TRUE, field_start = TRUE;
                  else
                    continue;
                }
              else if (in_quotes)
                {
                  if (ch == '"')
                    {
                      if (scan + 1 < length && data[scan + 1] == '"')
                        scan++;
                      else
                        in_quotes = FALSE;
                    }
                  continue;
                }
              else if (ch == '\n' || (ch == '\r' && (scan + 1 >= length || data[scan + 1] != '\n')))
                {
                  line_start = TRUE;
                  field_start = TRUE;
                  if (scan >= target)
                    {
                      pos = scan + 1;
                      scan++;
                      found = TRUE;
                      break;
                    }
                  continue;
                }
              if (ch == '\r')
                continue;
              if (line_start && ch == '#')
                {
                  comment = TRUE;
                  line_start = FALSE;
                  continue;
                }
              line_start = FALSE;
              if (ch == '"' && field_start)
                in_quotes = TRUE;
              else if (ch == t->delimiter || (t->delimiter == ' ' && ch == '\t'))
                field_start = TRUE;
              else if (!is_blank (ch))
                field_start = FALSE;
            }
          if (!found)
            break;
        }
      if (pos >= length)
        break;
      bounds[k++] = pos;
    }
  bounds[k] = length;
  return k;
}

/* Runs @func on every chunk: chunk 0 on this thread (it reports progress), the
 * others on threads of their own, or here too when no thread can be made. */
static void
run_chunks (Chunk       *chunks,
            guint        n_chunks,
            GThreadFunc  func)
{
  g_autofree GThread **threads = g_new0 (GThread *, n_chunks);

  for (guint k = 1; k < n_chunks; k++)
    threads[k] = g_thread_try_new ("lloyd-csv", func, &chunks[k], NULL);
  func (&chunks[0]);
  for (guint k = 1; k < n_chunks; k++)
    {
      if (threads[k] != NULL)
        g_thread_join (threads[k]);
      else
        func (&chunks[k]);
    }
}

static char **
make_names (const Tokenizer *t,
            const FieldRef  *header,
            gsize            n_columns,
            gboolean         kdd99)
{
  char **names = g_new0 (char *, n_columns + 1);
  g_autoptr (GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize j = 0; j < n_columns; j++)
    {
      g_autofree char *base = NULL;

      if (kdd99)
        base = g_strdup (_lloyd_kdd99_column_name (j));
      else if (header != NULL && REF_LENGTH (header[j]) > 0)
        base = field_dup (t->data, header[j]);
      else
        base = g_strdup_printf ("column_%" G_GSIZE_FORMAT, j + 1);
      names[j] = g_strdup (base);
      for (guint k = 2; g_hash_table_contains (used, names[j]); k++)
        {
          g_free (names[j]);
          names[j] = g_strdup_printf ("%s_%u", base, k);
        }
      g_hash_table_add (used, names[j]);
    }
  return names;
}

LloydDataset *
_lloyd_csv_parse (const char             *data,
                  gsize                   length,
                  const char             *display_name,
                  const LloydLoadOptions *options,
                  LloydProgressFunc       progress,
                  gpointer                user_data,
                  double                  progress_start,
                  GCancellable           *cancellable,
                  GError                **error)
{
  LloydLoadOptions defaults;
  Tokenizer t;
  Problem problem = { 0 };
  gsize start = 0, pos, n_columns = 0, bad;
  g_autofree FieldRef *header = NULL;
  gboolean has_header = FALSE, kdd99 = FALSE;
  g_auto (GStrv) names = NULL;
  g_autofree gboolean *numeric = NULL;
  g_autofree int *plan = NULL;
  g_autofree gsize *bounds = NULL;
  FieldRef **slots = NULL;
  gsize slot_capacity = 0;
  Chunk *chunks = NULL;
  guint n_chunks = 0, n_threads;
  gsize n_rows = 0, n_dropped = 0;
  int label = -1;
  LloydDataset *dataset = NULL;
  GError *local_error = NULL;

  if (options == NULL)
    {
      lloyd_load_options_init (&defaults);
      options = &defaults;
    }

  /* Encodings */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  else if (length >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_PARSE,
                   _("%s:1:1: UTF-16 text (it starts with a UTF-16 byte-order mark): save the file as UTF-8"),
                   display_name);
      return NULL;
    }
  tokenizer_init (&t, data, length, ',');
  pos = skip_ignored_lines (&t, start, length);
  if (length == 0 || pos >= length)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_EMPTY,
                   length == 0 ? _("%s: the file is empty") : _("%s: no data rows (only comments or blank lines)"),
                   display_name);
      return NULL;
    }

  /* Shape: delimiter, columns, header */
  tokenizer_init (&t, data, length,
                  options->delimiter != 0 ? options->delimiter : sniff_delimiter (data, length, pos));
  {
    gsize p = pos, n = 0;

    if (next_record (&t, &p, length, NULL, 0, &n, &problem) == TOKEN_ERROR)
      goto fail;
    n_columns = n;
  }
  if (options->header == LLOYD_HEADER_YES)
    has_header = TRUE;
  else if (options->header == LLOYD_HEADER_AUTO)
    has_header = sniff_header (&t, pos, n_columns);
  if (has_header)
    {
      gsize n = 0;

      header = g_new0 (FieldRef, n_columns);
      if (next_record (&t, &pos, length, header, n_columns, &n, &problem) != TOKEN_OK)
        goto fail;
      if (find_bad_byte (data, start, pos, &bad))
        {
          problem_bad_byte (&problem, data, bad);
          goto fail;
        }
      if (skip_ignored_lines (&t, pos, length) >= length)
        {
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_EMPTY,
                       _("%s: no data rows, only a header"), display_name);
          return NULL;
        }
    }
  /* Provisional names for messages; KDD99 names are known only after phase 1. */
  names = make_names (&t, header, n_columns, FALSE);

  /* Phase 1 */
  n_threads = options->n_threads != 0 ? options->n_threads : g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, 64);
  n_threads = (guint) MIN ((gsize) n_threads, MAX ((length - pos) / MIN_CHUNK_BYTES, 1));
  bounds = g_new (gsize, n_threads + 1);
  n_chunks = split_chunks (&t, pos, n_threads, bounds);
  chunks = g_new0 (Chunk, n_chunks);
  for (guint k = 0; k < n_chunks; k++)
    {
      chunks[k].t = &t;
      chunks[k].start = bounds[k];
      chunks[k].end = bounds[k + 1];
    }
  run_chunks (chunks, n_chunks, chunk_count_lines);
  /* Each capacity is at most its chunk's bytes + 1: no overflow. */
  for (guint k = 0; k < n_chunks; k++)
    {
      chunks[k].slot_base = slot_capacity;
      slot_capacity += chunks[k].capacity;
    }
  slots = g_new0 (FieldRef *, MAX (n_columns, 1));
  for (gsize j = 0; j < n_columns; j++)
    {
      if (slot_capacity <= G_MAXSIZE / sizeof (FieldRef))
        slots[j] = _lloyd_alloc_big (slot_capacity * sizeof (FieldRef));
      if (slots[j] == NULL)
        {
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE,
                       _("%s: not enough memory for the rows of %zu columns"),
                       display_name, n_columns);
          goto out;
        }
    }
  for (guint k = 0; k < n_chunks; k++)
    {
      Chunk *c = &chunks[k];

      c->slots = slots;
      c->row = g_new (FieldRef, MAX (n_columns, 1));
      c->dropped = options->drop_missing ? g_try_malloc (c->capacity) : NULL;
      if (options->drop_missing && c->dropped == NULL)
        {
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE,
                       _("%s: not enough memory for the rows"), display_name);
          goto out;
        }
      c->n_columns = n_columns;
      c->drop_missing = options->drop_missing;
      c->names = (const char *const *) names;
      c->cancellable = cancellable;
      if (k == 0)
        {
          c->progress = progress;
          c->user_data = user_data;
          c->progress_from = progress_start;
          c->progress_to = progress_start + (1.0 - progress_start) * 0.7;
        }
    }
  run_chunks (chunks, n_chunks, chunk_tokenize);
  for (guint k = 0; k < n_chunks; k++)
    if (chunks[k].problem.message != NULL)
      {
        problem = chunks[k].problem;
        chunks[k].problem.message = NULL;
        goto fail;
      }

  /* Kinds, names and the label */
  numeric = g_new (gboolean, n_columns);
  for (gsize j = 0; j < n_columns; j++)
    {
      gboolean seen = FALSE;

      numeric[j] = TRUE;
      for (guint k = 0; k < n_chunks; k++)
        {
          numeric[j] = numeric[j] && chunks[k].numeric[j];
          seen = seen || chunks[k].seen[j];
        }
      /* A column with no kept values has no numbers to average: call it text. */
      numeric[j] = numeric[j] && seen;
    }
  for (guint k = 0; k < n_chunks; k++)
    {
      chunks[k].row_base = n_rows;
      n_rows += chunks[k].n_records - chunks[k].n_dropped;
      n_dropped += chunks[k].n_dropped;
    }
  if (n_rows == 0)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_EMPTY,
                   _("%s: no data rows left after dropping %zu with missing values"),
                   display_name, n_dropped);
      goto out;
    }
  kdd99 = _lloyd_kdd99_matches (n_columns, has_header, numeric);
  if (kdd99)
    {
      g_strfreev (names);
      names = make_names (&t, NULL, n_columns, TRUE);
    }
  label = _lloyd_dataset_choose_label (names, numeric, n_columns, has_header,
                                       options->label_column, display_name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto out;
    }

  /* Phase 2 */
  dataset = _lloyd_dataset_new (n_rows, n_columns);
  dataset->name = g_strdup (display_name);
  dataset->path = g_strdup (display_name);
  dataset->format = kdd99 ? LLOYD_FORMAT_KDD99 : LLOYD_FORMAT_CSV;
  dataset->label_column = label;
  dataset->n_dropped = n_dropped;
  dataset->delimiter = t.delimiter;
  dataset->has_header = has_header;
  plan = g_new (int, n_columns);
  for (gsize j = 0; j < n_columns; j++)
    {
      LloydColumn *column = &dataset->columns[j];

      column->name = g_strdup (names[j]);
      column->kind = (int) j == label ? LLOYD_COLUMN_LABEL
                   : numeric[j] ? LLOYD_COLUMN_NUMERIC : LLOYD_COLUMN_CATEGORICAL;
      plan[j] = column->kind == LLOYD_COLUMN_NUMERIC ? 0 : 1;
      if (plan[j] == 1 && !_lloyd_column_alloc (column, n_rows, error))
        {
          g_clear_pointer (&dataset, lloyd_dataset_unref);
          goto out;
        }
    }
  /* Numbers are already parsed in place: the slots become the column. */
  for (gsize j = 0; j < n_columns; j++)
    if (plan[j] == 0)
      {
        double *values = (double *) (gpointer) g_steal_pointer (&slots[j]);

        compact_column (chunks, n_chunks, values, n_rows, slot_capacity);
        dataset->columns[j].values = values;
      }
  if (progress != NULL)
    progress (progress_start + (1.0 - progress_start) * 0.7, _("Converting columns"), user_data);
  for (guint k = 0; k < n_chunks; k++)
    {
      chunks[k].plan = plan;
      chunks[k].columns = dataset->columns;
      chunks[k].local_levels = g_new0 (GPtrArray *, n_columns);
      /* Phase 1 memory that phase 2 does not need. */
      g_clear_pointer (&chunks[k].numeric, g_free);
      g_clear_pointer (&chunks[k].seen, g_free);
    }
  run_chunks (chunks, n_chunks, chunk_convert);
  for (gsize j = 0; j < n_columns; j++)
    if (plan[j] == 1)
      {
        merge_levels (chunks, n_chunks, &dataset->columns[j], j);
        g_clear_pointer (&slots[j], g_free);
      }
  /* Phase 2 does not stop early; a cancel during it still wins here. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_pointer (&dataset, lloyd_dataset_unref);
      goto out;
    }
  if (progress != NULL)
    progress (1.0, NULL, user_data);
  goto out;

fail:
  if (problem.domain == G_IO_ERROR)
    g_set_error_literal (error, problem.domain, problem.code, problem.message);
  else
    problem_to_error (&problem, data, length, display_name, error);
  g_free (problem.message);

out:
  for (guint k = 0; k < n_chunks; k++)
    {
      Chunk *c = &chunks[k];

      g_free (c->row);
      g_free (c->dropped);
      g_free (c->numeric);
      g_free (c->first_text);
      g_free (c->seen);
      g_free (c->problem.message);
      if (c->local_levels != NULL)
        for (gsize j = 0; j < n_columns; j++)
          g_clear_pointer (&c->local_levels[j], g_ptr_array_unref);
      g_free (c->local_levels);
    }
  g_free (chunks);
  if (slots != NULL)
    for (gsize j = 0; j < n_columns; j++)
      g_free (slots[j]);
  g_free (slots);
  return dataset;
}
