"""Display labels (vi / en) of the coded values the records store: channels and satisfaction.
The importer maps source spellings to these codes (data_loaders/profiles/*.toml); the pages turn them back into words here, in one
place, so a channel has the same name on every chart and table. No Streamlit.
"""
from __future__ import annotations

_L: dict[str, dict[str, tuple[str, str]]] = {
    "dossier_channel": {
        "online": ("Trực tuyến", "Online"),
        "in_person": ("Trực tiếp", "In person"),
        "postal": ("Bưu chính công ích", "Public postal service"),
    },
    "petition_channel": {
        "national_portal": ("Cổng Dịch vụ công quốc gia", "National public service portal"),
        "hotline": ("Đường dây nóng", "Hotline"),
        "app": ("Ứng dụng Hải Phòng Smart", "Hai Phong Smart app"),
        "in_person": ("Trực tiếp", "In person"),
        "email": ("Thư điện tử", "E-mail"),
    },
    "satisfaction": {
        "satisfied": ("Hài lòng", "Satisfied"),
        "unsatisfied": ("Không hài lòng", "Not satisfied"),
        "": ("Chưa đánh giá", "No vote"),
    },
    "unknown": {"": ("(không rõ)", "(unknown)")},
}


def label(group: str, code: str | None, lang: str = "vi") -> str:
    """The label of a code; an unknown code is shown as it is (never dropped), a missing one as
    "(không rõ)"."""
    code = "" if code is None else str(code)
    pair = _L.get(group, {}).get(code) or _L["unknown"].get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def labels(group: str, codes, lang: str = "vi") -> list[str]:
    return [label(group, c, lang) for c in codes]
