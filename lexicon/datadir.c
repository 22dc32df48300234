/* datadir.c: where loa's shipped data (lexicon/, schedules/, pipeline/presets.ini) lives. */
#include "lexicon/lexicon.h"

#include <stdlib.h>

const char *loa_data_dir(void)
{
  const char *d = getenv("LOA_DATA_DIR");
  if (d && *d)
    return d;
#ifdef LOA_SOURCE_DIR
  return LOA_SOURCE_DIR;
#else
  return "/usr/share/loa";
#endif
}
