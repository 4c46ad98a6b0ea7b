/* SPDX-License-Identifier: GPL-2.0-only */
/* libmvguest: what its files share and its users do not need. */
#ifndef MVGUEST_INTERNAL_H
#define MVGUEST_INTERNAL_H

#include "mvguest.h"

__attribute__((format(printf, 3, 4)))
int mvg_fail(struct mvg_guest *g, int err, const char *fmt, ...);
int mvg_remap_all(struct mvg_guest *g);

#endif /* MVGUEST_INTERNAL_H */
