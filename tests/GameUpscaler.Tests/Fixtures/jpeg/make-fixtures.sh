#!/usr/bin/env bash
# Regenerates the JPEG decoder fixtures in this folder. Run it by hand after changing it; CI never does.
# Needs libjpeg-turbo's cjpeg/djpeg (Debian: libjpeg-turbo-progs), ImageMagick 6 or 7 (convert) and python3.
#
# Every fixture is named <width>x<height>_<sampling>_<process>[_<tag>...].jpg:
#   sampling  444, 422, 420, 440, 411 (luma factors 1x1, 2x1, 2x2, 1x2, 4x1; chroma 1x1) or gray
#   process   baseline (SOF0), extended (SOF1: 16-bit quantization tables) or progressive (SOF2)
#   tags      restart (DRI + RSTn), optimized (per-image Huffman tables), noninterleaved (one component per scan),
#             rgb (stored as RGB, Adobe transform 0), imagemagick (written by ImageMagick instead of cjpeg),
#             q100 / q5 (quality), comment (COM + APP1 segments the decoder must skip)
# The script checks each file's frame header against its name, and the tests check what the decoder reads too.
# Beside each NAME.jpg is NAME.ppm (NAME.pgm for gray): libjpeg-turbo's default decode, `djpeg -ppm NAME.jpg`
# (accurate integer IDCT, fancy upsampling), which the tests compare the decoder with.
# refuse_*.jpg are valid files of kinds the decoder refuses (arithmetic coding, CMYK); they have no reference.
set -euo pipefail
cd "$(dirname "$0")"
rm -f ./*.jpg ./*.ppm ./*.pgm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Source pictures: a seeded plasma with hard-edged colored shapes on it, so chroma has edges to upsample.
for size in 37x29 17x13 3x2 1x1; do
    w=${size%x*}; h=${size#*x}
    convert -seed 11 -size "$size" plasma:fractal \
        -fill 'rgb(220,30,40)' -draw "circle $((w / 3)),$((h / 2)) $((w / 3)),$((h / 5))" \
        -fill 'rgb(20,60,230)' -draw "rectangle $((w * 2 / 3)),0 $((w - 1)),$((h / 3))" \
        -depth 8 "ppm:$tmp/src-$size.ppm"
done

# Scan scripts: every component in a scan of its own, sequential and progressive.
printf '0;\n1;\n2;\n' > "$tmp/sequential-separate.txt"
printf '0: 0-0, 0, 1;\n1: 0-0, 0, 1;\n2: 0-0, 0, 1;\n0: 1-9, 0, 0;\n2: 1-63, 0, 0;\n1: 1-63, 0, 0;\n0: 10-63, 0, 0;\n0: 0-0, 1, 0;\n1: 0-0, 1, 0;\n2: 0-0, 1, 0;\n' \
    > "$tmp/progressive-separate.txt"

# check NAME: the frame header must say what the name says.
check() {
    python3 - "$1" <<'PY'
import sys
name = sys.argv[1]
data = open(name + '.jpg', 'rb').read()
size, sampling, process = name.split('_')[:3]
pos, sof = 2, None
while pos < len(data):
    assert data[pos] == 0xFF, (name, pos)
    marker, length = data[pos + 1], int.from_bytes(data[pos + 2:pos + 4], 'big')
    if marker in (0xC0, 0xC1, 0xC2):
        sof = (marker, data[pos + 4:pos + 2 + length])
        break
    pos += 2 + length
marker, body = sof
want_marker = {'baseline': 0xC0, 'extended': 0xC1, 'progressive': 0xC2}[process]
width, height = int.from_bytes(body[3:5], 'big'), int.from_bytes(body[1:3], 'big')
factors = [(body[7 + 3 * i] >> 4, body[7 + 3 * i] & 15) for i in range(body[5])]
want = {'444': [(1, 1)] * 3, '422': [(2, 1), (1, 1), (1, 1)], '420': [(2, 2), (1, 1), (1, 1)],
        '440': [(1, 2), (1, 1), (1, 1)], '411': [(4, 1), (1, 1), (1, 1)], 'gray': [(1, 1)]}[sampling]
got = (marker, '%dx%d' % (width, height), factors)
if got != (want_marker, size, want):
    sys.exit('%s.jpg: frame header says %s, the name says %s' % (name, got, (want_marker, size, want)))
PY
}

# make NAME [cjpeg options...]: one fixture from the source picture of its size, and its djpeg reference.
make() {
    local name=$1 size=${1%%_*}
    shift
    cjpeg "$@" -outfile "$name.jpg" "$tmp/src-$size.ppm"
    finish "$name"
}

finish() {
    local name=$1 ext=ppm
    case $name in *_gray_*) ext=pgm ;; esac
    check "$name"
    djpeg -ppm -outfile "$name.$ext" "$name.jpg"
}

make 37x29_444_baseline -quality 90 -sample 1x1
make 37x29_420_baseline
make 37x29_422_baseline -sample 2x1
make 37x29_440_baseline -sample 1x2
make 37x29_411_baseline -sample 4x1
make 37x29_gray_baseline -grayscale
make 37x29_420_baseline_q100 -quality 100
make 37x29_420_extended_q5 -quality 5
make 37x29_420_baseline_optimized -optimize
make 37x29_420_baseline_restart -restart 2B
make 37x29_420_baseline_noninterleaved -scans "$tmp/sequential-separate.txt"
make 37x29_444_baseline_rgb -rgb -sample 1x1
make 37x29_420_progressive -progressive
make 37x29_444_progressive -progressive -sample 1x1
make 37x29_422_progressive -progressive -sample 2x1
make 37x29_440_progressive -progressive -sample 1x2
make 37x29_gray_progressive -progressive -grayscale
make 37x29_420_progressive_restart -progressive -restart 1
make 37x29_420_progressive_noninterleaved -scans "$tmp/progressive-separate.txt"
make 17x13_420_baseline
make 17x13_422_baseline -sample 2x1
make 17x13_420_progressive -progressive
make 17x13_440_progressive -progressive -sample 1x2
make 17x13_gray_baseline_restart -grayscale -restart 1B
make 3x2_420_baseline
make 3x2_422_progressive -progressive -sample 2x1
make 1x1_420_baseline

# ImageMagick's writer (its own tables and progression), with a comment; then an EXIF-like APP1 segment added.
convert "$tmp/src-37x29.ppm" -quality 85 -sampling-factor 4:2:2 -interlace JPEG -set comment 'GameUpscaler JPEG fixture' \
    37x29_422_progressive_imagemagick.jpg
finish 37x29_422_progressive_imagemagick
cjpeg -quality 80 "$tmp/src-17x13.ppm" | python3 -c '
import sys
data = sys.stdin.buffer.read()
app1 = b"Exif\0\0" + bytes(range(40))
com = b"a comment segment"
segments = b"\xff\xe1" + (len(app1) + 2).to_bytes(2, "big") + app1 + b"\xff\xfe" + (len(com) + 2).to_bytes(2, "big") + com
sys.stdout.buffer.write(data[:2] + segments + data[2:])' > 17x13_420_baseline_comment.jpg
finish 17x13_420_baseline_comment

# Valid files the decoder refuses.
cjpeg -arithmetic -outfile refuse_arithmetic.jpg "$tmp/src-17x13.ppm"
convert "$tmp/src-17x13.ppm" -colorspace CMYK refuse_cmyk.jpg

echo "$(ls ./*.jpg | wc -l) fixtures, $(du -cb ./*.jpg ./*.ppm ./*.pgm | tail -1 | cut -f1) bytes"
