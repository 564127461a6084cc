#!/usr/bin/env bash
# vendor-assets.sh fetches the pinned front-end assets Toren embeds in its
# binary (htmx, the Utrecht component CSS and the NL Design System
# "voorbeeld" design tokens) and copies only the files the UI needs into
# internal/web/static/vendor/. It also fetches axe-core, the accessibility
# checker the browser tests inject into each page, into
# internal/browsertest/testdata/axe-core/: test-only, never served.
#
# The assets are committed, so building or running Toren never needs npm or
# a network; run this script only to upgrade a version. Steps:
#   1. change a *_VERSION below and set its *_INTEGRITY to the value of
#      `npm view <package>@<version> dist.integrity`;
#   2. run `scripts/vendor-assets.sh` (needs node and npm);
#   3. review `git diff --stat internal/web/static/vendor` and run the tests.
#
# Why these packages:
#   - htmx.org 2.x: the long-stable line (4.x is new and changes behaviour).
#   - @utrecht/component-library-css: the NL Design System component CSS.
#   - @nl-design-system-unstable/voorbeeld-design-tokens: the NL Design System
#     example theme, EUPL-1.2. @utrecht/design-tokens is NOT usable: its
#     LICENSE.md says the tokens are proprietary assets of Gemeente Utrecht.
#   - axe-core (MPL-2.0): the accessibility rules engine; kept out of the
#     served assets so the binary does not carry it.
#
# We use `npm pack` (download one tarball, no dependency tree, no install
# scripts) and check each tarball against the pinned sha512 integrity.
set -euo pipefail

readonly HTMX_VERSION=2.0.11
readonly HTMX_INTEGRITY='sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=='
readonly UTRECHT_CSS_VERSION=9.0.4
readonly UTRECHT_CSS_INTEGRITY='sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA=='
readonly TOKENS_VERSION=7.4.1
readonly TOKENS_INTEGRITY='sha512-GNnapAn2mTIzXRcCvs0JMr4Bf9+ivUJ3zFBJLRT1SYpAYm2xPwptVxIM3k4WLJ0c59E9FfxsEBPJluGuAHUVvg=='
readonly AXE_VERSION=4.14.1
readonly AXE_INTEGRITY='sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=='

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly dest="$repo_root/internal/web/static/vendor"
readonly axe_dest="$repo_root/internal/browsertest/testdata/axe-core"

for tool in node npm tar; do
	command -v "$tool" >/dev/null || { echo "vendor-assets: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch SPEC INTEGRITY DIR: download the tarball of SPEC (name@version),
# check its integrity and unpack it into $work/DIR.
fetch() {
	local spec=$1 integrity=$2 dir=$3 tarball actual
	tarball=$(cd "$work" && npm pack --silent --ignore-scripts "$spec" | tail -n 1)
	actual=$(node -e '
		const data = require("fs").readFileSync(process.argv[1]);
		console.log("sha512-" + require("crypto").createHash("sha512").update(data).digest("base64"));
	' "$work/$tarball")
	if [[ "$actual" != "$integrity" ]]; then
		echo "vendor-assets: integrity mismatch for $spec: got $actual, want $integrity" >&2
		exit 1
	fi
	mkdir -p "$work/$dir"
	tar -xzf "$work/$tarball" -C "$work/$dir" --strip-components=1
}

# licence_of DIR: the SPDX licence id from the unpacked package.json.
licence_of() {
	node -e 'console.log(require(process.argv[1]).license)' "$work/$1/package.json"
}

fetch "htmx.org@$HTMX_VERSION" "$HTMX_INTEGRITY" htmx
fetch "@utrecht/component-library-css@$UTRECHT_CSS_VERSION" "$UTRECHT_CSS_INTEGRITY" utrecht
fetch "@nl-design-system-unstable/voorbeeld-design-tokens@$TOKENS_VERSION" "$TOKENS_INTEGRITY" tokens
fetch "axe-core@$AXE_VERSION" "$AXE_INTEGRITY" axe

# Start from an empty vendor folder so files dropped upstream disappear here too.
rm -rf "$dest"
mkdir -p "$dest/htmx.org" "$dest/utrecht-component-library-css" "$dest/voorbeeld-design-tokens"

cp "$work/htmx/dist/htmx.min.js" "$work/htmx/LICENSE" "$dest/htmx.org/"
cp "$work/utrecht/dist/index.css" "$work/utrecht/LICENSE.md" "$dest/utrecht-component-library-css/"
# theme.css scopes the tokens to the .voorbeeld-theme class (variables.css
# would put them on :root); the class lets a page opt in explicitly.
cp "$work/tokens/dist/theme.css" "$work/tokens/LICENSE.md" "$dest/voorbeeld-design-tokens/"

# No date in VERSIONS: running the script twice must give identical files.
{
	echo "# Written by scripts/vendor-assets.sh; do not edit by hand."
	printf '%s\t%s\t%s\t%s\t%s\n' folder package version licence integrity
	printf '%s\t%s\t%s\t%s\t%s\n' htmx.org htmx.org "$HTMX_VERSION" "$(licence_of htmx)" "$HTMX_INTEGRITY"
	printf '%s\t%s\t%s\t%s\t%s\n' utrecht-component-library-css @utrecht/component-library-css \
		"$UTRECHT_CSS_VERSION" "$(licence_of utrecht)" "$UTRECHT_CSS_INTEGRITY"
	printf '%s\t%s\t%s\t%s\t%s\n' voorbeeld-design-tokens @nl-design-system-unstable/voorbeeld-design-tokens \
		"$TOKENS_VERSION" "$(licence_of tokens)" "$TOKENS_INTEGRITY"
} >"$dest/VERSIONS"

# axe-core: the minified engine and both licence files (its own MPL-2.0
# and the notices of the code it bundles).
rm -rf "$axe_dest"
mkdir -p "$axe_dest"
cp "$work/axe/axe.min.js" "$work/axe/LICENSE" "$work/axe/LICENSE-3RD-PARTY.txt" "$axe_dest/"
{
	echo "# Written by scripts/vendor-assets.sh; do not edit by hand."
	printf '%s\t%s\t%s\t%s\n' package version licence integrity
	printf '%s\t%s\t%s\t%s\n' axe-core "$AXE_VERSION" "$(licence_of axe)" "$AXE_INTEGRITY"
} >"$axe_dest/VERSIONS"

echo "vendor-assets: wrote $dest and $axe_dest"
(cd "$axe_dest" && find . -type f -printf '%8s  %p\n' | sort -k2)
(cd "$dest" && find . -type f -printf '%8s  %p\n' | sort -k2)
du -sh "$dest" | awk '{print "vendor-assets: total " $1}'
