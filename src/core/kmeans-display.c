/* kmeans-display.c — k-means values as people read them, in their language. The
 * untranslated identifiers (kmeans.c: lloyd_stop_reason_to_string) stay what JSON
 * summaries and scripts see; these are for status lines, messages and printouts. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kmeans.h"

const char *
lloyd_stop_reason_to_display (LloydStopReason reason)
{
  switch (reason)
    {
    case LLOYD_STOP_NONE:
      return C_("stop reason", "still running");
    case LLOYD_STOP_UNCHANGED:
      return C_("stop reason", "no point changed cluster");
    case LLOYD_STOP_TOLERANCE:
      return C_("stop reason", "centroids moved less than the tolerance");
    case LLOYD_STOP_MAX_ITER:
      return C_("stop reason", "maximum number of iterations reached");
    case LLOYD_STOP_CANCELLED:
      return C_("stop reason", "cancelled");
    default:
      g_return_val_if_reached (NULL);
    }
}
