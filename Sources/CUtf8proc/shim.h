// utf8proc (Debian: libutf8proc-dev): Unicode normalisation, case folding and
// grapheme cluster segmentation.
#include <utf8proc.h>
