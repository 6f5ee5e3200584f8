/*
 * xmllib: libxml2, opened on first use (base/lazylib.h). Only feed parsing, the
 * WordPress import and the HTML sanitizer use it, so the other commands (and the
 * static export) never load it and ICU with it.
 *
 * Include this instead of libxml's headers: it brings them, declares the symbols
 * pressroom calls and turns each name into a call through the loaded pointer.
 * Every entry point that reaches libxml2 calls xmllib_load() first. A symbol used
 * that is not in XMLLIB_SYMS is an undefined reference at link time (the binary
 * does not link libxml2), so none can be forgotten.
 */
#ifndef PR_XMLLIB_H
#define PR_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "../base/lazylib.h"

#ifdef xmlFree
#error "this libxml2 has per-thread allocators (xmlFree is a macro): add __xmlFree to XMLLIB_SYMS"
#endif

#define XMLLIB_SYMS(X)                                                                        \
	X(xmlFree) X(xmlFreeDoc) X(xmlGetProp) X(xmlGetNsProp) X(xmlNodeGetContent)           \
	X(xmlGetLineNo) X(xmlDocGetRootElement) X(xmlStopParser) X(xmlBuildURI) X(xmlNodeDump) \
	X(xmlNewParserCtxt) X(xmlFreeParserCtxt) X(xmlCtxtReadMemory) X(xmlCtxtGetLastError)  \
	X(xmlBufferCreate) X(xmlBufferFree) X(xmlBufferContent) X(htmlReadMemory)             \
	X(xmlSetGenericErrorFunc) X(htmlNewParserCtxt) X(htmlCtxtReadMemory)                  \
	X(htmlFreeParserCtxt) X(xmlUnlinkNode) X(xmlAddNextSibling) X(xmlFreeNode)

#ifdef XMLLIB_DEFINE
LAZYLIB_DEFINE(xmllib, PR_SONAME_XML2, XMLLIB_SYMS)
#else
LAZYLIB_DECLARE(xmllib, XMLLIB_SYMS)

/* 0, or -1 with "libxml2.so.2: why (needed for WHAT)" in err (err may be NULL). */
int xmllib_load(const char *what, char *err, size_t errsz);

/* xmlFree is a variable holding the library's free function. */
#define xmlFree (*xmllib_syms.xmlFree)
#define xmlFreeDoc (*xmllib_syms.xmlFreeDoc)
#define xmlGetProp (*xmllib_syms.xmlGetProp)
#define xmlGetNsProp (*xmllib_syms.xmlGetNsProp)
#define xmlNodeGetContent (*xmllib_syms.xmlNodeGetContent)
#define xmlGetLineNo (*xmllib_syms.xmlGetLineNo)
#define xmlDocGetRootElement (*xmllib_syms.xmlDocGetRootElement)
#define xmlStopParser (*xmllib_syms.xmlStopParser)
#define xmlBuildURI (*xmllib_syms.xmlBuildURI)
#define xmlNodeDump (*xmllib_syms.xmlNodeDump)
#define xmlNewParserCtxt (*xmllib_syms.xmlNewParserCtxt)
#define xmlFreeParserCtxt (*xmllib_syms.xmlFreeParserCtxt)
#define xmlCtxtReadMemory (*xmllib_syms.xmlCtxtReadMemory)
#define xmlCtxtGetLastError (*xmllib_syms.xmlCtxtGetLastError)
#define xmlBufferCreate (*xmllib_syms.xmlBufferCreate)
#define xmlBufferFree (*xmllib_syms.xmlBufferFree)
#define xmlBufferContent (*xmllib_syms.xmlBufferContent)
#define htmlReadMemory (*xmllib_syms.htmlReadMemory)
#define xmlSetGenericErrorFunc (*xmllib_syms.xmlSetGenericErrorFunc)
#define htmlNewParserCtxt (*xmllib_syms.htmlNewParserCtxt)
#define htmlCtxtReadMemory (*xmllib_syms.htmlCtxtReadMemory)
#define htmlFreeParserCtxt (*xmllib_syms.htmlFreeParserCtxt)
#define xmlUnlinkNode (*xmllib_syms.xmlUnlinkNode)
#define xmlAddNextSibling (*xmllib_syms.xmlAddNextSibling)
#define xmlFreeNode (*xmllib_syms.xmlFreeNode)
#endif

#endif
