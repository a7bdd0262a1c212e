# bench/corpus.py - generates the benchmark's deterministic article folders (fixed seeds, offline).
# Used by bench/bench.py; also runs alone: python3 bench/corpus.py OUT_DIR NAME [NAME...].
"""Deterministic corpora for the kagama-epub benchmark.

Every corpus is a folder of about ten parts ("1-bagian-..." .. "10-bagian-..."), each holding
articles "1-<slug>.md", "2-<slug>.md" ... so natural order ("2-x" before "10-x") matters, plus a
book.yaml.  Articles carry front matter (title, author, date, location) and several paragraphs
of generated Indonesian-looking text.  Photo corpora give every article two JPEG photos of
150-200 KB in "<part>/foto/", each with different bytes (nothing can be deduplicated): a few base
images are drawn once with ImageMagick (plasma + noise, fixed -seed) and every copy gets its own
JPEG COM segments (a label, then incompressible padding derived with SHAKE-256 up to a size drawn
between 150 and 200 KiB).

Only random.Random.random() is used, whose sequence Python guarantees for a given integer seed,
so the text is the same on every Python 3.  The photos depend on ImageMagick's plasma and JPEG
encoder, so they are byte-identical on one machine (and one ImageMagick version), which is what a
benchmark needs.  A corpus is regenerated only when its recipe (.recipe.json) changes.
"""
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys

GENERATOR_VERSION = 2

# Articles, part folders, photos per article, seed of the text (and of the photo sizes).
CORPORA = {
    "photo-1k": dict(articles=1000, parts=10, photos=2, seed=1001),
    "text-1k": dict(articles=1000, parts=10, photos=0, seed=2001),
    "text-10k": dict(articles=10000, parts=10, photos=0, seed=3001),
    # make bench-smoke: the same recipes, tiny.
    "photo-tiny": dict(articles=6, parts=3, photos=2, seed=1001),
    "text-tiny": dict(articles=20, parts=4, photos=0, seed=2001),
    "text-tiny-10x": dict(articles=200, parts=10, photos=0, seed=3001),
    # Camera originals (issue 18): built with images: {max-size: ...}; see camera_photo().
    "camera-200": dict(articles=200, parts=10, photos=2, seed=4001, camera=dict(
        width=4000, height=3000, photo_bytes=(3900 * 1024, 4300 * 1024), max_size=1600)),
    "camera-tiny": dict(articles=8, parts=2, photos=2, seed=4001, camera=dict(
        width=800, height=600, photo_bytes=(150 * 1024, 200 * 1024), max_size=400, tiny=True)),
}
CAMERA_BASES = 8
# Photo numbers (counted from 0 over the corpus) that come in other forms than a camera JPEG:
# the rest are JPEGs with EXIF (GPS position, camera serial), a quarter of them turned.
CAMERA_SPECIAL = {7: "cmyk", 107: "cmyk", 207: "cmyk", 307: "cmyk", 17: "webp", 217: "webp",
                  37: "heic", 237: "heic", 57: "png16", 257: "png16"}
# camera-tiny (16 photos) gets one of each.
CAMERA_SPECIAL_TINY = {3: "cmyk", 5: "webp", 9: "heic", 13: "png16"}
CAMERA_EXTENSIONS = {"jpeg": "jpg", "cmyk": "jpg", "webp": "webp", "heic": "heic",
                     "png16": "png"}
ARTICLE_BYTES = (4000, 6000)
PHOTO_BYTES = (150 * 1024, 200 * 1024)
BASE_IMAGES = 8
BASE_IMAGE_SEEDS = [101 + i for i in range(BASE_IMAGES)]

BOOK = {
    "title": "Kabar Alumni: Arsip Uji Kinerja",
    "creator": "Redaksi Kabar Alumni",
    "language": "id",
}

WORDS = """
yang dan di ke dari untuk dengan pada dalam itu ini tidak akan juga sudah telah masih bisa dapat
harus lebih sangat para warga alumni mahasiswa kampus desa kota daerah pemerintah program kegiatan
pelatihan penelitian pengabdian masyarakat pendidikan kesehatan pertanian perikanan lingkungan air
bersih sungai hutan pantai pulau gunung lereng kebun kopi padi jagung singkong pasar koperasi usaha
kecil menengah modal pinjaman bantuan beasiswa dana abadi sumbangan anggaran laporan data peta
survei lapangan sekolah guru murid dosen peneliti rektor dekan fakultas jurusan angkatan reuni
pertemuan diskusi seminar lokakarya pameran teknologi inovasi aplikasi ponsel internet jaringan
listrik tenaga surya jalan jembatan rumah balai puskesmas rumah sakit dokter perawat bidan bayi
anak ibu bapak keluarga petani nelayan pedagang pengrajin pemuda relawan tokoh kepala ketua
anggota panitia kelompok komunitas organisasi lembaga yayasan perusahaan mitra kerja sama
menyerahkan membangun memperbaiki mengembangkan melatih mengajar meneliti memetakan mengukur
menanam memanen menjual membeli mengolah menyimpan membagikan mengumpulkan menyalurkan mendukung
menjaga merawat memantau mencatat menulis membaca mendengar melihat mengunjungi menghadiri
membuka menutup memulai melanjutkan menyelesaikan menghasilkan menemukan menunjukkan menjelaskan
mengatakan menambahkan berharap berencana bersama berjalan bekerja belajar bertemu berbagi
berkembang bertahan berubah meningkat menurun sederhana mendesak penting utama baru lama besar
kecil jauh dekat tinggi rendah kering basah murah mahal gratis cepat lambat awal akhir tengah
setiap beberapa banyak sedikit seluruh sebagian pertama kedua ketiga sekitar hampir hanya tetapi
namun karena sehingga agar supaya ketika setelah sebelum selama sejak hingga sampai tentang
terhadap antara bagi oleh seperti yaitu adalah merupakan menjadi memiliki mempunyai ada tanpa
musim kemarau hujan pagi siang sore malam hari pekan bulan tahun dekade tradisi budaya sejarah
cerita pengalaman kenangan harapan tantangan peluang hasil manfaat dampak perubahan keberlanjutan
""".split()
TITLE_WORDS = """
Alumni Mahasiswa Warga Petani Nelayan Relawan Peneliti Dosen Koperasi Kampus Desa Komunitas
Bangun Petakan Latih Kembangkan Salurkan Tanam Rawat Buka Gelar Rayakan Dorong Hidupkan Perkuat
Sumber Air Bersih Jembatan Sekolah Kebun Kopi Pasar Kuliner Beasiswa Dana Abadi Tenaga Surya
Hutan Bakau Perpustakaan Keliling Posyandu Balai Sensor Longsor Bibit Pohon Pulau Terluar
""".split()
FIRST_NAMES = """
Ratna Dimas Anindya Fajar Sekar Yohanes Lestari Galih Nadia Rini Agus Yuliana Markus Putri Bayu
Wahyu Siti Dewi Hendra Rizky Indah Teguh Maria Kadek Made Ketut Nyoman Ahmad Fitri Budi Citra
""".split()
LAST_NAMES = """
Wulandari Prasetyo Kusumastuti Nugroho Ayuningtyas Kolo Handayani Mahendra Putri Prameswari
Setiadi Sekarsari Lerebulan Santoso Saputra Hidayat Siregar Simanjuntak Tanjung Wijaya Pratama
Rahmawati Kurniawan Lestari Permana Gunawan Halim Harahap Manurung Sinaga
""".split()
PLACES = """
Yogyakarta Jakarta Bandung Surabaya Semarang Medan Makassar Denpasar Kupang Ambon Jayapura
Pontianak Banjarmasin Palu Mataram Padang Pekanbaru Jambi Bengkulu Palembang Manado Ternate
Sorong Merauke Gunungkidul Sleman Bantul Kulon_Progo Wonosobo Temanggung Leiden Tokyo Beijing
Canberra Kuala_Lumpur
""".split()
PART_NAMES = """
kabar-dunia kampus-dan-karya pengabdian-dan-komunitas ekonomi-kerakyatan kesehatan-warga
lingkungan-hidup pendidikan-desa budaya-dan-tradisi sains-dan-teknologi sosok-inspiratif
""".split()
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


class Rng:
	"""Choices from random.Random.random() only, whose sequence every Python 3 repeats."""

	def __init__(self, seed):
		self.r = random.Random(seed)

	def below(self, n):
		return int(self.r.random() * n)

	def between(self, low, high):
		return low + self.below(high - low + 1)

	def pick(self, items):
		return items[self.below(len(items))]

	def chance(self, p):
		return self.r.random() < p


def person(rng):
	return "%s %s" % (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))


def place(rng):
	return rng.pick(PLACES).replace("_", " ")


def sentence(rng, low=8, high=20, plain=False):
	words = [rng.pick(WORDS) for _ in range(rng.between(low, high))]
	if not plain and rng.chance(0.15):
		words[rng.below(len(words))] = "*%s*" % rng.pick(WORDS)
	if len(words) > 9 and rng.chance(0.5):
		words[rng.between(3, len(words) - 4)] += ","
	if rng.chance(0.1):
		words.insert(rng.below(len(words)), str(rng.between(2, 2500)))
	text = " ".join(words)
	return text[0].upper() + text[1:] + "."


def paragraph(rng):
	return " ".join(sentence(rng) for _ in range(rng.between(3, 5)))


def quote(rng):
	said = rng.pick(["kata", "ujar", "tutur", "jelas", "tambah"])
	return '"%s," %s %s.' % (sentence(rng, 6, 14)[:-1], said, person(rng))


def title(rng, where):
	words = [rng.pick(TITLE_WORDS) for _ in range(rng.between(3, 5))]
	words += [rng.pick(WORDS) for _ in range(rng.between(2, 4))]
	words.append("di " + where)
	return " ".join(words)


def slug(text, words=4):
	out = []
	for word in text.lower().split()[:words]:
		word = "".join(c for c in word if c.isalnum())
		if word:
			out.append(word)
	return "-".join(out)


def article_text(rng, number, photos, link):
	"""One article's Markdown: front matter, dateline, paragraphs, headings, lists, photos."""
	where = place(rng)
	the_title = title(rng, where)
	year, month, day = rng.between(2015, 2026), rng.between(1, 12), rng.between(1, 28)
	target = rng.between(*ARTICLE_BYTES)
	out = ["---", 'title: "%s"' % the_title, 'author: "%s"' % person(rng),
	       "date: %04d-%02d-%02d" % (year, month, day), 'location: "%s"' % where, "---", ""]
	out.append("**KAGAMA.CO, %s –** %s %s (%d/%d/%d)." % (
	    where.upper(), paragraph(rng)[:-1], rng.pick(DAYS), day, month, year))
	out.append("")
	pending = list(photos)
	size = sum(len(line) + 1 for line in out)
	while size < target - 300:
		block = []
		kind = rng.below(10)
		if kind == 0:
			block = ["## " + " ".join(rng.pick(TITLE_WORDS) for _ in range(rng.between(2, 5)))]
		elif kind == 1:
			block = ["- " + sentence(rng, 4, 10)[:-1] + ";" for _ in range(rng.between(3, 5))]
		elif kind == 2:
			block = ["> " + quote(rng)]
		elif kind == 3:
			block = [quote(rng)]
		elif kind == 4 and pending:
			name = pending.pop(0)
			who = person(rng)
			block = ['![%s](foto/%s "Foto: %s")' % (sentence(rng, 5, 10, True)[:-1], name, who),
			         "*Foto: %s, %s %d. (%s)*" % (sentence(rng, 5, 9, True)[:-1], MONTHS[month - 1],
			         year, who)]
		else:
			block = [paragraph(rng)]
		out.extend(block)
		out.append("")
		size += sum(len(line.encode()) + 1 for line in block) + 1
	for name in pending:
		out.extend(['![%s](foto/%s)' % (sentence(rng, 5, 10, True)[:-1], name),
		            "*Foto: %s. (%s)*" % (sentence(rng, 5, 9, True)[:-1], person(rng)), ""])
	if link is not None:
		out.extend(["Baca juga: [%s](%s)" % (link[0], link[1]), ""])
	else:
		out.extend([paragraph(rng), ""])
	return the_title, "\n".join(out)


def imagemagick():
	for name in ("convert-im6.q16", "convert"):
		path = shutil.which(name)
		if path:
			return path
	return None


def base_images(folder, log=print):
	"""The few base photos, drawn once with ImageMagick and kept in FOLDER."""
	os.makedirs(folder, exist_ok=True)
	convert = imagemagick()
	paths = []
	for seed in BASE_IMAGE_SEEDS:
		path = os.path.join(folder, "base-%d.jpg" % seed)
		if not os.path.exists(path):
			if convert is None:
				raise SystemExit("bench/corpus.py: ImageMagick (convert-im6.q16) is needed to "
				                 "draw the photos: apt-get install imagemagick")
			log("drawing base photo %s" % path)
			subprocess.run([convert, "-seed", str(seed), "-size", "1024x683", "plasma:fractal",
			                "-blur", "0x1", "-attenuate", "0.55", "+noise", "Gaussian",
			                "-quality", "78", "-sampling-factor", "4:2:0", "-strip",
			                path + ".tmp.jpg"], check=True)
			os.replace(path + ".tmp.jpg", path)
		paths.append(path)
	return [open(p, "rb").read() for p in paths]


def photo_bytes(bases, rng, label):
	"""A base photo with COM segments after SOI: a label, then padding to the drawn size."""
	base = bases[rng.below(len(bases))]
	assert base[:2] == b"\xff\xd8"
	target = rng.between(*PHOTO_BYTES)
	segments = [label.encode()]
	pad = target - len(base) - (len(segments[0]) + 4)
	if pad > 4:
		# Incompressible like the pixels around it (so deflating photos gains nothing), and
		# free of 0xFF so even a marker-scanning reader finds no false marker in it.
		padding = hashlib.shake_256(label.encode()).digest(pad).replace(b"\xff", b"\xfe")
		while len(padding) > 4:
			chunk = padding[:min(65533, len(padding) - 4)]
			segments.append(chunk)
			padding = padding[len(chunk) + 4:]
	com = b"".join(b"\xff\xfe" + (len(s) + 2).to_bytes(2, "big") + s for s in segments)
	return base[:2] + com + base[2:]


def vips():
	path = shutil.which("vips")
	if path is None:
		raise SystemExit("bench/corpus.py: vips (libvips-tools) is needed for the camera "
		                 "photos: apt-get install libvips-tools")
	return path


def camera_bases(folder, width, height, log=print):
	"""Camera-size base photos (JPEG, and the CMYK, WebP, HEIC and 16-bit PNG forms of some),
	drawn once with ImageMagick and libvips; returns {form: [bytes...]}."""
	os.makedirs(folder, exist_ok=True)
	convert = imagemagick()
	forms = {"jpeg": [], "cmyk": [], "webp": [], "heic": [], "png16": []}
	for i in range(CAMERA_BASES):
		stem = os.path.join(folder, "camera-%dx%d-%d" % (width, height, i))
		jpeg = stem + ".jpg"
		if not os.path.exists(jpeg):
			if convert is None:
				raise SystemExit("bench/corpus.py: ImageMagick (convert-im6.q16) is needed")
			log("drawing camera base photo %s" % jpeg)
			subprocess.run([convert, "-seed", str(201 + i), "-size",
			                "%dx%d" % (width // 4, height // 4), "plasma:fractal", "-resize",
			                "%dx%d!" % (width, height), "-attenuate", "0.5", "+noise",
			                "Gaussian", "-quality", "92", "-sampling-factor", "4:2:0",
			                "-strip", jpeg + ".tmp.jpg"], check=True)
			os.replace(jpeg + ".tmp.jpg", jpeg)
		forms["jpeg"].append(jpeg)
		# Two of each other form, from different bases.
		if i < 2:
			for form, make in (
			    ("cmyk", lambda out: [convert, jpeg, "-colorspace", "CMYK", "-quality", "92",
			                          out]),
			    ("webp", lambda out: [vips(), "webpsave", jpeg, out, "--Q", "90"]),
			    ("heic", lambda out: [vips(), "heifsave", jpeg, out, "--Q", "85",
			                          "--compression", "hevc"])):
				out = "%s-%s.%s" % (stem, form, CAMERA_EXTENSIONS[form])
				if not os.path.exists(out):
					log("making %s" % out)
					subprocess.run(make(out + ".tmp." + CAMERA_EXTENSIONS[form]), check=True)
					os.replace(out + ".tmp." + CAMERA_EXTENSIONS[form], out)
				forms[form].append(out)
			out = "%s-png16.png" % stem
			if not os.path.exists(out):
				log("making %s" % out)
				half = stem + "-half.v"
				subprocess.run([vips(), "resize", jpeg, half, "0.5"], check=True)
				subprocess.run([vips(), "linear", half, stem + "-16.v", "257", "0"],
				               check=True)
				subprocess.run([vips(), "cast", stem + "-16.v", stem + "-16c.v", "ushort"],
				               check=True)
				subprocess.run([vips(), "copy", stem + "-16c.v", out + ".tmp.png",
				                "--interpretation", "rgb16"], check=True)
				for v in (half, stem + "-16.v", stem + "-16c.v"):
					os.unlink(v)
				os.replace(out + ".tmp.png", out)
			forms["png16"].append(out)
	return {form: [open(p, "rb").read() for p in paths] for form, paths in forms.items()}


def exif_segment(orientation, serial, latitude):
	"""An APP1 EXIF segment as cameras write it: make, model, orientation, the body's serial
	number and a GPS position (big-endian TIFF)."""
	def ascii_entry(tag, text):
		return (tag, 2, text.encode() + b"\0")
	ifd0 = [(0x010F, 2, b"Kagama\0"), (0x0110, 2, b"Bench Camera 200\0"),
	        (0x0112, 3, orientation.to_bytes(2, "big") + b"\0\0"), (0x8769, 4, None),
	        (0x8825, 4, None)]
	exif = [ascii_entry(0xA431, serial)]
	degrees, minutes = divmod(latitude, 60)
	gps = [ascii_entry(0x0001, "S"),
	       (0x0002, 5, b"".join(n.to_bytes(4, "big") + (1).to_bytes(4, "big")
	                              for n in (degrees, minutes, 0)))]

	def ifd(entries, at, pointers):
		"""One IFD at offset at; values over 4 bytes follow it.  Returns its bytes."""
		head = len(entries).to_bytes(2, "big")
		data_at = at + 2 + 12 * len(entries) + 4
		body, data = b"", b""
		for tag, kind, value in entries:
			if value is None:
				value = pointers[tag].to_bytes(4, "big")
				count = 1
			else:
				count = len(value) // {2: 1, 3: 2, 4: 4, 5: 8}[kind]
			if len(value) > 4:
				field = (data_at + len(data)).to_bytes(4, "big")
				data += value + (b"\0" if len(value) % 2 else b"")
			else:
				field = value.ljust(4, b"\0")
			body += tag.to_bytes(2, "big") + kind.to_bytes(2, "big") + count.to_bytes(4, "big") \
			    + field
		return head + body + b"\0\0\0\0" + data

	size0 = len(ifd(ifd0, 8, {0x8769: 0, 0x8825: 0}))
	size1 = len(ifd(exif, 8 + size0, {}))
	tiff = b"MM\0*" + (8).to_bytes(4, "big")
	tiff += ifd(ifd0, 8, {0x8769: 8 + size0, 0x8825: 8 + size0 + size1})
	tiff += ifd(exif, 8 + size0, {}) + ifd(gps, 8 + size0 + size1, {})
	payload = b"Exif\0\0" + tiff
	return b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload


def camera_photo(bases, rng, label, number, spec):
	"""Photo number of a camera corpus: (form, bytes).  Camera JPEGs get EXIF (a quarter of them
	turned: orientation 6, 8 or 3) and COM padding to the drawn size, so no two are alike."""
	special = CAMERA_SPECIAL_TINY if spec["camera"].get("tiny") else CAMERA_SPECIAL
	form = special.get(number, "jpeg")
	if form in ("webp", "heic", "png16"):
		# Each from another base: identical files would be stored once.
		same = sorted(n for n, f in special.items() if f == form)
		return form, bases[form][same.index(number) % len(bases[form])]
	base = bases[form][rng.below(len(bases[form]))]
	orientation = [6, 8, 3][rng.below(3)] if number % 4 == 1 else 1
	exif = exif_segment(orientation, "SN-%08d" % rng.between(1, 99999999),
	                    rng.between(0, 90 * 60 - 1))
	target = rng.between(*spec["camera"]["photo_bytes"])
	head = exif + b"\xff\xfe" + (len(label) + 2).to_bytes(2, "big") + label.encode()
	pad = target - len(base) - len(head)
	padding = hashlib.shake_256(label.encode()).digest(max(pad, 0)).replace(b"\xff", b"\xfe")
	com = b""
	while len(padding) > 4:
		chunk = padding[:min(65533, len(padding) - 4)]
		com += b"\xff\xfe" + (len(chunk) + 2).to_bytes(2, "big") + chunk
		padding = padding[len(chunk) + 4:]
	return form, base[:2] + head + com + base[2:]


def recipe(name):
	spec = dict(CORPORA[name])
	spec.update(generator=GENERATOR_VERSION, article_bytes=ARTICLE_BYTES, book=BOOK,
	            photo_bytes=PHOTO_BYTES, base_seeds=BASE_IMAGE_SEEDS)
	if "camera" in spec:
		spec.update(camera_special=sorted(CAMERA_SPECIAL.items()),
		            camera_special_tiny=sorted(CAMERA_SPECIAL_TINY.items()),
		            camera_bases=CAMERA_BASES)
	return spec


def generate(out_dir, name, base_dir=None, log=print):
	"""Makes OUT_DIR/corpora/NAME unless its recipe is already there; returns its path.
	The base photos are kept in BASE_DIR (default OUT_DIR/base-images)."""
	spec = CORPORA[name]
	folder = os.path.join(out_dir, "corpora", name)
	stamp = os.path.join(folder, ".recipe.json")
	want = json.dumps(recipe(name), sort_keys=True)
	if os.path.exists(stamp) and open(stamp).read() == want:
		return folder
	log("generating corpus %s (%d articles)" % (name, spec["articles"]))
	if os.path.exists(folder):
		shutil.rmtree(folder)
	os.makedirs(folder)
	if base_dir is None:
		base_dir = os.path.join(out_dir, "base-images")
	camera = spec.get("camera")
	if camera is not None:
		bases = camera_bases(base_dir, camera["width"], camera["height"], log)
	else:
		bases = base_images(base_dir, log) if spec["photos"] else None
	with open(os.path.join(folder, "book.yaml"), "w") as f:
		for key in ("title", "creator", "language"):
			f.write('%s: "%s"\n' % (key, BOOK[key]))
		if camera is not None:
			f.write("images: {max-size: %d, quality: 85}\n" % camera["max_size"])
	per_part = -(-spec["articles"] // spec["parts"])
	previous = None
	for number in range(1, spec["articles"] + 1):
		rng = Rng(spec["seed"] * 1000003 + number)
		part = (number - 1) // per_part
		within = (number - 1) % per_part + 1
		part_dir = "%d-bagian-%s" % (part + 1, PART_NAMES[part % len(PART_NAMES)])
		os.makedirs(os.path.join(folder, part_dir, "foto"), exist_ok=True)
		made = []
		for k in range(1, spec["photos"] + 1):
			photo = "%s-%05d-%d" % (name, number, k)
			if camera is None:
				made.append((photo + ".jpg", None))
				continue
			form, data = camera_photo(bases, rng, "kagama-bench %s %s" % (name, photo),
			                          (number - 1) * spec["photos"] + k - 1, spec)
			made.append(("%s.%s" % (photo, CAMERA_EXTENSIONS[form]), data))
		photos = [photo for photo, _ in made]
		link = None
		if previous is not None and rng.chance(0.3):
			link = (previous[0], os.path.relpath(previous[1], part_dir))
		the_title, text = article_text(rng, number, photos, link)
		relative = os.path.join(part_dir, "%d-%s.md" % (within, slug(the_title)))
		with open(os.path.join(folder, relative), "w", encoding="utf-8") as f:
			f.write(text)
		for photo, data in made:
			if data is None:
				data = photo_bytes(bases, rng, "kagama-bench %s %s" % (name, photo))
			with open(os.path.join(folder, part_dir, "foto", photo), "wb") as f:
				f.write(data)
		previous = (the_title, relative)
	for entry in os.listdir(folder):
		foto = os.path.join(folder, entry, "foto")
		if os.path.isdir(foto) and not os.listdir(foto):
			os.rmdir(foto)
	with open(stamp, "w") as f:
		f.write(want)
	return folder


def main(argv):
	if len(argv) < 3 or any(n not in CORPORA for n in argv[2:]):
		sys.stderr.write("usage: corpus.py OUT_DIR NAME...\nnames: %s\n" % " ".join(CORPORA))
		return 2
	for name in argv[2:]:
		print(generate(argv[1], name, log=lambda m: sys.stderr.write("corpus.py: %s\n" % m)))
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
