#ifndef FACTX_CLIBXML2_SHIM_H
#define FACTX_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU, and its headers then include <unicode/ucnv.h>. With Foundation in the module
// graph that breaks the build ("'UErrorCode' has different definitions in different modules"). factx never hands
// libxml2 anything that needs its ICU support (text is decoded to UTF-8 before parsing), so the ICU parts of the
// headers are switched off here, before any other libxml2 header is read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

// `xmlFree` is a global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void factx_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
