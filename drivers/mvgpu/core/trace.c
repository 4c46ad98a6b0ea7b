// SPDX-License-Identifier: GPL-2.0-only
/*
 * mvgpu core: the tracepoints of trace.h, instantiated.
 */
#define CREATE_TRACE_POINTS
#include "trace.h"
