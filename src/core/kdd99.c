/* kdd99.c — recognising KDD Cup 1999 files (no header, 41 features + label) and
 * naming their columns, as in the KDD Cup task description. */
#include "config.h"

#include "dataset-private.h"

static const char *const kdd99_names[LLOYD_KDD99_N_COLUMNS] = {
  "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land",
  "wrong_fragment", "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised",
  "root_shell", "su_attempted", "num_root", "num_file_creations", "num_shells",
  "num_access_files", "num_outbound_cmds", "is_host_login", "is_guest_login", "count",
  "srv_count", "serror_rate", "srv_serror_rate", "rerror_rate", "srv_rerror_rate",
  "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate", "dst_host_count",
  "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
  "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
  "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate", "label",
};

gboolean
_lloyd_kdd99_matches (gsize           n_columns,
                      gboolean        has_header,
                      const gboolean *numeric)
{
  if (has_header || n_columns != LLOYD_KDD99_N_COLUMNS)
    return FALSE;
  /* The shape alone: protocol, service, flag and label are text, the rest numbers. */
  for (gsize j = 0; j < n_columns; j++)
    {
      gboolean text = j == 1 || j == 2 || j == 3 || j == 41;

      if (numeric[j] == text)
        return FALSE;
    }
  return TRUE;
}

const char *
_lloyd_kdd99_column_name (gsize index)
{
  g_return_val_if_fail (index < LLOYD_KDD99_N_COLUMNS, NULL);
  return kdd99_names[index];
}
