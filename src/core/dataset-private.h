/* dataset-private.h — what the data layer's files share: building a dataset
 * column by column (csv.c, generate.c), label detection and KDD99 recognition. */
#pragma once

#include "dataset.h"

G_BEGIN_DECLS

/* A dataset with @n_columns unnamed, empty columns and @n_rows rows. */
LloydDataset *_lloyd_dataset_new           (gsize               n_rows,
                                            gsize               n_columns);
/* Allocates @column's storage for its kind (values or codes + levels). */
gboolean      _lloyd_column_alloc          (LloydColumn        *column,
                                            gsize               n_rows,
                                            GError            **error);

/* Mean and population deviation of @x over the rows where @row_mask is TRUE
 * (NULL: all), two passes with compensated sums; returns the rows used. */
gsize         _lloyd_stats                 (const double       *x,
                                            gsize               n_rows,
                                            const gboolean     *row_mask,
                                            double             *mean,
                                            double             *std);

/* Uninitialised, 64-byte aligned memory for big buffers: NULL when out of memory;
 * on 2 MiB pages where the kernel offers them (fewer page faults on big files).
 * Free with g_free() or lloyd_aligned_free() (both are free()). */
gpointer      _lloyd_alloc_big             (gsize               size);

/* Which column is the label: @option as in LloydLoadOptions.label_column, else the
 * first column named label/class/target/attack/outcome/y (with a header), else the
 * last column when it is not numeric, else -1. @numeric[j] says whether every value
 * of column j is a number. -1 with @error for an option naming no column. */
int           _lloyd_dataset_choose_label  (char              **names,
                                            const gboolean     *numeric,
                                            gsize               n_columns,
                                            gboolean            has_header,
                                            const char         *option,
                                            const char         *display_name,
                                            GError            **error);

/* KDD Cup 1999: 41 features and a label, no header; columns 1–3 and 41 are text. */
#define LLOYD_KDD99_N_COLUMNS 42
gboolean      _lloyd_kdd99_matches         (gsize               n_columns,
                                            gboolean            has_header,
                                            const gboolean     *numeric);
const char   *_lloyd_kdd99_column_name     (gsize               index);

/* gunzip.c: @compressed (a gzip file) decompressed in one call, or NULL when it is
 * not a single well-formed member (then zlib's streaming inflate decides).
 * Free with g_free(). */
char         *_lloyd_gunzip                (const char             *compressed,
                                            gsize                   length,
                                            gsize                  *out_length);

/* csv.c: the parser behind lloyd_dataset_parse(); @data need not be NUL-terminated. */
LloydDataset *_lloyd_csv_parse             (const char             *data,
                                            gsize                   length,
                                            const char             *display_name,
                                            const LloydLoadOptions *options,
                                            LloydProgressFunc       progress,
                                            gpointer                user_data,
                                            double                  progress_start,
                                            GCancellable           *cancellable,
                                            GError                **error);

G_END_DECLS
