"""CSP hash sources for the few inline blocks a strict policy must still allow (no Django imports: settings use it).

The 500 page carries its CSS inline so that it renders when static files are the thing that failed; rather than
allow every inline style, the policy allows that exact block by its SHA-256, recomputed from the template file at
start-up so that editing the page cannot silently break it.
"""

import base64
import hashlib
import re
from pathlib import Path

STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def style_hashes(template: Path) -> list[str]:
    """'sha256-…' sources for every <style> block of ``template`` (none when the file is missing)."""
    try:
        text = template.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii") + "'"
        for block in STYLE_BLOCK.findall(text)
    ]
