/* dataset.h — a loaded table: named columns of a known kind, stored for fast
 * numeric work (contiguous doubles for numeric columns, small integer codes plus a
 * dictionary for categorical and label columns).
 *
 * A dataset is immutable once loaded and reference counted, so the app's worker
 * and its main thread can share one without copying. */
#pragma once

#include <gio/gio.h>

#include "progress.h"

G_BEGIN_DECLS

#define LLOYD_DATASET_ERROR (lloyd_dataset_error_quark ())

/* Every message names the file, and where it applies line and column (1-based),
 * as "iris.csv:17:3: expected 5 fields, found 4". */
typedef enum
{
  LLOYD_DATASET_ERROR_IO,          /* cannot open or read (incl. directories, permissions) */
  LLOYD_DATASET_ERROR_EMPTY,       /* no data rows */
  LLOYD_DATASET_ERROR_PARSE,       /* malformed CSV: ragged row, bad quote, NUL, bad UTF-8 */
  LLOYD_DATASET_ERROR_MISSING,     /* a missing value (empty, ?, NA, nan) without drop_missing */
  LLOYD_DATASET_ERROR_COMPRESSED,  /* truncated or corrupt .gz */
  LLOYD_DATASET_ERROR_COLUMN,      /* unknown column name or index in an option */
  LLOYD_DATASET_ERROR_TOO_LARGE,   /* a limit or allocation was exceeded */
} LloydDatasetError;

typedef enum
{
  LLOYD_COLUMN_NUMERIC,
  LLOYD_COLUMN_CATEGORICAL,
  LLOYD_COLUMN_LABEL,
} LloydColumnKind;

typedef enum
{
  LLOYD_FORMAT_CSV,
  LLOYD_FORMAT_KDD99,     /* headerless 42-column KDD Cup 1999 file: names supplied */
  LLOYD_FORMAT_GENERATED, /* made by generate.h, not read from a file */
} LloydDatasetFormat;

typedef enum
{
  LLOYD_HEADER_AUTO,
  LLOYD_HEADER_YES,
  LLOYD_HEADER_NO,
} LloydHeaderMode;

typedef struct
{
  char            *name;
  LloydColumnKind  kind;
  double          *values;   /* numeric: n_rows values (finite), else NULL */
  guint32         *codes;    /* categorical/label: n_rows codes into levels, else NULL */
  GPtrArray       *levels;   /* categorical/label: code → string, in order of first appearance */
} LloydColumn;

typedef struct
{
  gatomicrefcount     ref_count;
  char               *path;          /* NULL when generated */
  char               *name;          /* display name: the file's basename, or "blobs" … */
  LloydDatasetFormat  format;
  gsize               n_rows;
  gsize               n_columns;
  LloydColumn        *columns;
  int                 label_column;  /* index into columns, or -1 */
  gsize               n_dropped;     /* rows dropped for missing values (drop_missing) */
  char                delimiter;     /* as sniffed or given; 0 for generated data */
  gboolean            has_header;
} LloydDataset;

typedef struct
{
  char             delimiter;     /* 0: sniff among , ; TAB and whitespace (' ') */
  LloydHeaderMode  header;
  const char      *label_column;  /* NULL: auto; "none"; a column name; or a 0-based index */
  gboolean         drop_missing;  /* drop rows with a missing value instead of failing */
  guint            n_threads;     /* 0: one per core */
} LloydLoadOptions;

GQuark        lloyd_dataset_error_quark   (void);

void          lloyd_load_options_init     (LloydLoadOptions       *options);

/* Reads a CSV/TSV file, or a .gz of one, transparently. */
LloydDataset *lloyd_dataset_load          (const char             *path,
                                           const LloydLoadOptions *options,
                                           LloydProgressFunc       progress,
                                           gpointer                user_data,
                                           GCancellable           *cancellable,
                                           GError                **error);

/* Parses bytes already in memory; @display_name is used in messages. This is the
 * entry point of the fuzz targets. */
LloydDataset *lloyd_dataset_parse         (const char             *data,
                                           gsize                   length,
                                           const char             *display_name,
                                           const LloydLoadOptions *options,
                                           LloydProgressFunc       progress,
                                           gpointer                user_data,
                                           GCancellable           *cancellable,
                                           GError                **error);

LloydDataset *lloyd_dataset_ref           (LloydDataset           *dataset);
void          lloyd_dataset_unref         (LloydDataset           *dataset);

/* -1 when no column has that name. */
int           lloyd_dataset_find_column   (const LloydDataset     *dataset,
                                           const char             *name);
/* The label of @row as a string, or NULL without a label column. */
const char   *lloyd_dataset_get_label     (const LloydDataset     *dataset,
                                           gsize                   row);
/* Numeric columns plus every categorical level; the label column is excluded. */
gsize         lloyd_dataset_one_hot_dimension (const LloydDataset *dataset);
/* Mean and population standard deviation (ddof = 0) of numeric column @column
 * over the rows where @row_mask is TRUE (NULL: all rows), computed in two passes
 * with compensated sums. Returns the number of rows used; 0 gives mean = std = 0. */
gsize         lloyd_dataset_column_stats  (const LloydDataset     *dataset,
                                           gsize                   column,
                                           const gboolean         *row_mask,
                                           double                 *mean,
                                           double                 *std);

/* "numeric", "categorical", "label": the identifiers JSON output and model files
 * use, never translated. _display: the same in the user's language, for people. */
const char   *lloyd_column_kind_to_string  (LloydColumnKind        kind);
const char   *lloyd_column_kind_to_display (LloydColumnKind        kind);

/* Writes @dataset as comma-separated UTF-8 with a header line; numbers round-trip
 * exactly (17 significant digits), text is quoted when needed. @path "-" or NULL
 * writes to stdout. */
gboolean      lloyd_dataset_save_csv      (const LloydDataset     *dataset,
                                           const char             *path,
                                           GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydDataset, lloyd_dataset_unref)

G_END_DECLS
