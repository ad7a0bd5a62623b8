// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: the tracepoints' definitions (trace.h).
 */

#include <linux/types.h>

#define CREATE_TRACE_POINTS
#include "trace.h"
