/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The version of the mvgpu modules (MODULE_VERSION), the same as
 * PACKAGE_VERSION in dkms.conf; tests/dkms/dkms_test.sh checks that they
 * agree.
 */
#ifndef MVGPU_VERSION_H
#define MVGPU_VERSION_H

#define MVGPU_VERSION	"0.5.0"

#endif /* MVGPU_VERSION_H */
