/* fuzz-common.c — set-up shared by the fuzz targets and their replay test. */
#include "config.h"

#include <locale.h>

#include "fuzz.h"

void
lloyd_fuzz_setup (void)
{
  /* The number parser and messages must not depend on the user's locale. */
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}

void
lloyd_fuzz_append_csv_field (GString    *csv,
                             const char *text)
{
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '"')
      g_string_append (csv, "\"\"");
    else
      g_string_append_c (csv, *p);
  g_string_append_c (csv, '"');
}

#ifdef LLOYD_FUZZ_MAIN
/* UBSan only reports by default; a finding must stop the run and keep its input. */
const char *__ubsan_default_options (void);

const char *
__ubsan_default_options (void)
{
  return "halt_on_error=1:print_stacktrace=1";
}
#endif
