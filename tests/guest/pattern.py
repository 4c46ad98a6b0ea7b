#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The end-to-end suite's display test pattern.

Usage: pattern.py draw W H FB        draw the pattern into the fbdev FB
                                     (/dev/fb0; 32 bpp, its stride from
                                     sysfs), in the top-left W x H pixels
       pattern.py frame W H STRIDE OUT
                                     write the first H rows of a 32 bpp
                                     frame of STRIDE bytes a row, the
                                     pattern in its top-left W x H pixels,
                                     black elsewhere, to OUT (a guest then
                                     copies it to /dev/fb0 whole: no
                                     Python in a nested guest)
       pattern.py check W H PPM      compare a screendump (binary PPM) with
                                     the pattern, pixel by pixel, in the
                                     top-left W x H; prints the count of
                                     differing pixels; exits 1 if any
       pattern.py make W H PPM       write the pattern as a PPM (reference)

The pattern: 8 vertical colour bars, a diagonal gradient in the bottom
half, and a white frame on the edge: no two rows or columns alike, so that
a wrong stride, offset or channel order shows.
"""
import os
import sys


def pixel(x, y, w, h):
    """(r, g, b) of the pattern at (x, y)."""
    if x == 0 or y == 0 or x == w - 1 or y == h - 1:
        return (255, 255, 255)
    if y < h // 2:
        bar = x * 8 // w
        return (255 if bar & 1 else 0, 255 if bar & 2 else 0, 255 if bar & 4 else 0)
    return ((x * 255 // w) & 0xff, (y * 255 // h) & 0xff, ((x + y) * 3) & 0xff)


def row_rgb(y, w, h):
    return bytes(c for x in range(w) for c in pixel(x, y, w, h))


def xrgb_row(y, w, h):
    """Row y of the pattern as XRGB8888, little endian: B G R X."""
    rgb = row_rgb(y, w, h)
    px = bytearray(4 * w)
    px[0::4] = rgb[2::3]
    px[1::4] = rgb[1::3]
    px[2::4] = rgb[0::3]
    return px


def frame(w, h, stride, path):
    if stride < 4 * w:
        sys.exit('pattern: stride %d is less than %d pixels' % (stride, w))
    pad = bytes(stride - 4 * w)
    with open(path, 'wb') as f:
        for y in range(h):
            f.write(xrgb_row(y, w, h))
            f.write(pad)
    return 0


def draw(w, h, fb):
    name = os.path.basename(fb)
    sysdir = '/sys/class/graphics/' + name
    with open(sysdir + '/bits_per_pixel') as f:
        bpp = int(f.read())
    with open(sysdir + '/stride') as f:
        stride = int(f.read())
    if bpp != 32:
        sys.exit('pattern: %s has %d bpp, want 32' % (fb, bpp))
    with open(fb, 'r+b', buffering=0) as f:
        for y in range(h):
            f.seek(y * stride)
            f.write(xrgb_row(y, w, h))
    print('drew %dx%d pattern into %s (stride %d)' % (w, h, fb, stride))


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    fields = []
    i = 0
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b'#':
            i = data.index(b'\n', i) + 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    if fields[0] != b'P6' or int(fields[3]) != 255:
        sys.exit('pattern: %s is not a binary 8-bit PPM' % path)
    return int(fields[1]), int(fields[2]), data[i + 1:]


def check(w, h, path):
    pw, ph, pix = read_ppm(path)
    if pw < w or ph < h:
        print('screendump is %dx%d, smaller than %dx%d' % (pw, ph, w, h))
        return 1
    bad = 0
    first = None
    for y in range(h):
        got = pix[3 * pw * y:3 * pw * y + 3 * w]
        want = row_rgb(y, w, h)
        if got != want:
            for x in range(w):
                if got[3 * x:3 * x + 3] != want[3 * x:3 * x + 3]:
                    bad += 1
                    if first is None:
                        first = (x, y, tuple(got[3 * x:3 * x + 3]),
                                 tuple(want[3 * x:3 * x + 3]))
    print('screendump %dx%d: %d of %d pixels differ from the pattern' %
          (pw, ph, bad, w * h))
    if first:
        print('first at (%d,%d): got %s, want %s' % first)
    return 1 if bad else 0


def make(w, h, path):
    with open(path, 'wb') as f:
        f.write(b'P6\n%d %d\n255\n' % (w, h))
        for y in range(h):
            f.write(row_rgb(y, w, h))
    return 0


def main(argv):
    if len(argv) == 6 and argv[1] == 'frame':
        return frame(int(argv[2]), int(argv[3]), int(argv[4]), argv[5])
    if len(argv) != 5 or argv[1] not in ('draw', 'check', 'make'):
        sys.stderr.write(__doc__)
        return 2
    w, h = int(argv[2]), int(argv[3])
    if argv[1] == 'draw':
        draw(w, h, argv[4])
        return 0
    if argv[1] == 'make':
        return make(w, h, argv[4])
    return check(w, h, argv[4])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
