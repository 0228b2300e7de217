#ifndef SHALLOT_CZLIB_SHIM_H
#define SHALLOT_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros (they pass the library version and the stream's
   size for a check), so Swift cannot call them: these wrappers can. */
static inline int shallot_deflateInit2(z_streamp strm, int level, int method, int windowBits,
                                       int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}

static inline int shallot_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

#endif
