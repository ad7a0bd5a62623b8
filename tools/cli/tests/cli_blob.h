/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ntsection CLI binary, carried inside the CLI test program so that the
 * test runs the very binary the build made, wherever the test is copied to.
 * Built with -DCLI_BINARY='"path/to/ntsection"'.
 */
#ifndef CLI_BLOB_H
#define CLI_BLOB_H

#ifdef CLI_BINARY
__asm__(".pushsection .rodata\n"
	".balign 16\n"
	".globl cli_blob\n"
	"cli_blob:\n"
	".incbin \"" CLI_BINARY "\"\n"
	".globl cli_blob_end\n"
	"cli_blob_end:\n"
	".popsection\n");

extern const char cli_blob[];
extern const char cli_blob_end[];
#endif

/*
 * glibc's C.UTF-8 LC_CTYPE (-DCLI_LOCALE_CTYPE='"/usr/lib/locale/C.utf8/LC_CTYPE"'),
 * for a guest that has no locales: libsmartcols measures multibyte names
 * only in a UTF-8 locale.
 */
#ifdef CLI_LOCALE_CTYPE
__asm__(".pushsection .rodata\n"
	".balign 16\n"
	".globl cli_ctype_blob\n"
	"cli_ctype_blob:\n"
	".incbin \"" CLI_LOCALE_CTYPE "\"\n"
	".globl cli_ctype_blob_end\n"
	"cli_ctype_blob_end:\n"
	".popsection\n");

extern const char cli_ctype_blob[];
extern const char cli_ctype_blob_end[];
#endif

#endif /* CLI_BLOB_H */
