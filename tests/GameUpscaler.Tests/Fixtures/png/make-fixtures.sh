#!/usr/bin/env bash
# Regenerates the PNG decoder fixtures in this folder. Run it by hand after changing it; CI never does.
# Needs ImageMagick 6 or 7 (convert, identify) and python3.
#
# Every fixture is named ct<color type>_d<bit depth>_<n|i>_<width>x<height>[_<tag>].png, and the tests check the
# IHDR they read against that name, so a fixture ImageMagick wrote differently from what was asked is caught.
# For each picture there is a REF.rgba16.gz, REF being the name without its _n/_i part (the interlaced and the plain
# file of a pair hold the same picture, and the script checks that they decode alike): ImageMagick's own decode as
# raw big-endian 16-bit RGBA (`convert NAME.png -depth 16 -endian MSB rgba:-`), gzipped. The tests compare our decoder with it.
#
# Tags: trns   - tRNS chunk (color key for gray/RGB, alpha table for palette)
#       crafted - written by the small python encoder below instead of ImageMagick: every row filter type in turn,
#                 the image data spread over many IDAT chunks (some empty), and an unknown ancillary chunk.
set -euo pipefail
cd "$(dirname "$0")"
rm -f ./*.png ./*.rgba16.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Keep the output reproducible (no timestamps) and leave one tEXt chunk in, so decoders must skip ancillary chunks.
common=(-define png:exclude-chunk=date,time -set comment "GameUpscaler PNG fixture")

check() { # name color-type bit-depth interlace(0/1) width height [needs-tRNS]
    local got
    got=$(identify -format '%[png:IHDR.color_type] %[png:IHDR.bit_depth] %[png:IHDR.interlace_method] %w %h' "$1.png" |
        sed 's/ ([^)]*)//g')
    if [ "$got" != "$2 $3 $4 $5 $6" ]; then
        echo "$1.png: IHDR is '$got', wanted '$2 $3 $4 $5 $6'" >&2
        exit 1
    fi
    if [ "${7:-}" = trns ] && ! identify -verbose "$1.png" | grep -q 'png:tRNS'; then
        echo "$1.png: no tRNS chunk" >&2
        exit 1
    fi
    # The interlaced and the plain file of a pair hold the same picture, so they share one reference.
    local ref=${1/_[ni]_/_}.rgba16
    convert "$1.png" -depth 16 -endian MSB rgba:"$tmp/$ref"
    if [ -e "$ref.gz" ]; then
        gzip -dc "$ref.gz" | cmp -s - "$tmp/$ref" || { echo "$1.png does not decode to the same as $ref.gz" >&2; exit 1; }
    else
        gzip -9n < "$tmp/$ref" > "$ref.gz"
    fi
}

# Source pictures: a seeded plasma (16-bit content) per size, and an alpha ramp and a binary mask to go with it.
for size in 37x29 3x2; do
    convert -seed 7 -size "$size" plasma:fractal -depth 16 "$tmp/base-$size.png"
    convert -size "$size" gradient:white-black -depth 16 "$tmp/ramp-$size.png"
    w=${size%x*}; h=${size#*x}
    convert -size "$size" xc:white -fill black -draw "circle $((w / 2)),$((h / 2)) $((w / 2)),$((h / 5))" "$tmp/mask-$size.png"
done

# make NAME SIZE COLOR-TYPE DEPTH INTERLACE(0/1): one file of the type x depth x interlace matrix.
make() {
    local name=$1 size=$2 ct=$3 d=$4 il=$5 src=() opts=()
    local base=$tmp/base-$size.png ramp=$tmp/ramp-$size.png
    case $ct in
        0) if [ "$d" -lt 16 ]; then src=("$base" -colorspace gray -posterize $((1 << d))); else src=("$base" -colorspace gray); fi ;;
        2) src=("$base") ;;
        3) src=("$base" +dither -colors $((1 << d))); opts=(-define png:exclude-chunk=date,time,bKGD) ;; # bKGD could need a palette slot
        4) src=("$base" -colorspace gray "$ramp" -compose CopyOpacity -composite) ;;
        6) src=("$base" "$ramp" -compose CopyOpacity -composite) ;;
    esac
    local interlace=none
    [ "$il" = 1 ] && interlace=PNG
    convert "${src[@]}" "${common[@]}" "${opts[@]}" -interlace "$interlace" \
        -define png:color-type="$ct" -define png:bit-depth="$d" "$name.png"
    check "$name" "$ct" "$d" "$il" "${size%x*}" "${size#*x}"
}

for combo in 0:1 0:2 0:4 0:8 0:16 2:8 2:16 3:1 3:2 3:4 3:8 4:8 4:16 6:8 6:16; do
    ct=${combo%:*}; d=${combo#*:}
    make "ct${ct}_d${d}_n_37x29" 37x29 "$ct" "$d" 0
    make "ct${ct}_d${d}_i_37x29" 37x29 "$ct" "$d" 1
    make "ct${ct}_d${d}_i_3x2" 3x2 "$ct" "$d" 1 # Adam7 passes 2, 3, 5 and 7 are empty at this size
done

# tRNS: a color key for gray and RGB (the masked-out area is set to one color ImageMagick then keys out; for gray
# that is black, because ImageMagick 6.9 writes a wrong key for other grays at 8 bits),
# and an alpha table for palettes (ImageMagick picks palette + tRNS itself for a few colors with alpha).
for il in 0 1; do
    n=$([ "$il" = 1 ] && echo i || echo n); interlace=$([ "$il" = 1 ] && echo PNG || echo none)
    b=$tmp/base-37x29.png m=$tmp/mask-37x29.png r=$tmp/ramp-37x29.png
    for d in 2 8 16; do
        post=()
        [ "$d" -lt 16 ] && post=(-posterize $((1 << d)))
        convert "$b" -colorspace gray "${post[@]}" "$m" -alpha off -compose CopyOpacity -composite -background black \
            -alpha background "${common[@]}" -interlace "$interlace" -define png:color-type=0 -define png:bit-depth="$d" \
            "ct0_d${d}_${n}_37x29_trns.png"
        check "ct0_d${d}_${n}_37x29_trns" 0 "$d" "$il" 37 29 trns
    done
    for d in 8 16; do
        convert "$b" "$m" -alpha off -compose CopyOpacity -composite -background 'rgb(10,20,30)' -alpha background \
            "${common[@]}" -interlace "$interlace" -define png:color-type=2 -define png:bit-depth="$d" \
            "ct2_d${d}_${n}_37x29_trns.png"
        check "ct2_d${d}_${n}_37x29_trns" 2 "$d" "$il" 37 29 trns
    done
    for d in 4 8; do
        colors=$([ "$d" = 4 ] && echo 16 || echo 200)
        convert "$b" "$r" -compose CopyOpacity -composite -depth 8 +dither -colors "$colors" -depth 8 \
            "${common[@]}" -define png:exclude-chunk=date,time,bKGD -interlace "$interlace" "ct3_d${d}_${n}_37x29_trns.png"
        check "ct3_d${d}_${n}_37x29_trns" 3 "$d" "$il" 37 29 trns
    done
done

# Hand-made files: ImageMagick (libpng) picks row filters itself and writes one IDAT for small images, so these
# come from a deliberately plain encoder that cycles through all five filter types and splits the data up.
python3 - <<'PY'
import struct, zlib

PASSES = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

def sample(x, y, c, maxval):
    v = (x * 7919 + y * 104729 + c * 15485863) * 2654435761 % 4294967296
    if maxval < 255:
        return (v >> 16) % (maxval + 1)
    smooth = (x * 9 + y * 5 + c * 40) % 256 / 255.0  # a gradient plus some noise, so the filters have work to do
    return min(maxval, int(smooth * maxval * 0.8 + (v >> 16) % (maxval // 5 + 1)))

def pack_row(values, depth):
    if depth == 16:
        return b''.join(struct.pack('>H', v) for v in values)
    if depth == 8:
        return bytes(values)
    out, acc, bits = bytearray(), 0, 0
    for v in values:
        acc, bits = (acc << depth) | v, bits + depth
        if bits == 8:
            out.append(acc); acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def filter_row(ftype, row, prev, bpp):
    out = bytearray([ftype])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev else 0
        c = prev[i - bpp] if prev and i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out.append((x - pred) & 0xFF)
    return out

def write(name, ct, depth, width, height, interlace, key):
    maxval = (1 << depth) - 1
    ch = CHANNELS[ct]
    bpp = max(1, ch * depth // 8)
    chunks = [chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, depth, ct, 0, 0, interlace))]
    if ct == 3:
        entries = 1 << depth if depth < 8 else 150
        chunks.append(chunk(b'PLTE', bytes((i * 53 + k * 91) % 256 for i in range(entries) for k in range(3))))
        chunks.append(chunk(b'tRNS', bytes((255 - i * 37) % 256 for i in range(entries // 2))))
        maxval = entries - 1
    if key:  # color key: the color of pixel (1, 0), so some pixels match
        chunks.append(chunk(b'tRNS', b''.join(struct.pack('>H', sample(1, 0, c, maxval)) for c in range(ch))))
    chunks.append(chunk(b'gbTs', b'private ancillary chunk: decoders skip it'))
    raw, ftype = bytearray(), 0
    for sx, sy, dx, dy in (PASSES if interlace else [(0, 0, 1, 1)]):
        prev = None
        for y in range(sy, height, dy):
            xs = range(sx, width, dx)
            if not xs:
                break
            row = pack_row([sample(x, y, c, maxval) for x in xs for c in range(ch)], depth)
            raw += filter_row(ftype % 5, row, prev, bpp)
            ftype, prev = ftype + 1, row
    data = zlib.compress(bytes(raw), 9)
    pieces = [data[i:i + 37] for i in range(0, len(data), 37)]
    pieces.insert(1, b'')
    chunks += [chunk(b'IDAT', p) for p in pieces]
    chunks.append(chunk(b'IEND', b''))
    with open(name + '.png', 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + b''.join(chunks))

for ct, depth, key in [(0, 1, True), (0, 2, False), (0, 16, True), (2, 8, False), (2, 16, True), (3, 4, False),
                       (4, 8, False), (6, 16, False)]:
    for interlace in (0, 1):
        tags = '_crafted' + ('_trns' if key or ct == 3 else '')
        write('ct%d_d%d_%s_13x11%s' % (ct, depth, 'ni'[interlace], tags), ct, depth, 13, 11, interlace, key)
PY
for f in ct*_crafted*.png; do
    n=${f%.png}; ct=${n#ct}; ct=${ct%%_*}; d=${n#*_d}; d=${d%%_*}; il=0
    case $n in *_i_*) il=1 ;; esac
    check "$n" "$ct" "$d" "$il" 13 11
done

echo "$(ls ./*.png | wc -l) fixtures, $(du -cb ./*.png ./*.gz | tail -1 | cut -f1) bytes"
