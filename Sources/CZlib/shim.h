// The system zlib, for reading gzip-compressed IDX files (Fashion-MNIST ships as .gz).
#include <zlib.h>
