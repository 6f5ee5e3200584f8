/* xmllib: see xmllib.h. */
#define XMLLIB_DEFINE
#include "xmllib.h"

int xmllib_load(const char *what, char *err, size_t errsz)
{
	return lazylib_load(&xmllib, what, err, errsz);
}
