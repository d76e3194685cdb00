"""The demo organisation: a commune People's Committee and a provincial Department of Justice.

Plain data, so that tests, the seed command and the benchmarks build the same world.
"""

from documents.models.organisation import AgencyLevel

COMMUNE_CODE = "XA-DAKRVE"
PROVINCE_JUSTICE_CODE = "STP-DEMO"

AGENCIES = [
    {
        "code": COMMUNE_CODE,
        "name": "Ủy ban nhân dân xã Đăk Rve",
        "short_name": "UBND xã Đăk Rve",
        "level": AgencyLevel.COMMUNE,
        "address": "Thôn 4, xã Đăk Rve",
        "departments": [
            {
                "code": "VP",
                "name": "Văn phòng HĐND và UBND",
                "fields": [],
            },
            {
                "code": "MOTCUA",
                "name": "Bộ phận Một cửa",
                "is_one_stop": True,
                "fields": [],
            },
            {
                "code": "TUPHAP",
                "name": "Tư pháp - Hộ tịch",
                "fields": [
                    "Hộ tịch",
                    "Chứng thực",
                    "Nuôi con nuôi",
                    "Hòa giải ở cơ sở",
                    "Bồi thường nhà nước",
                    "Đăng ký biện pháp bảo đảm",
                ],
            },
            {
                "code": "DIACHINH",
                "name": "Địa chính - Xây dựng - Môi trường",
                "fields": [
                    "Đất đai",
                    "Tài chính đất đai",
                    "Hoạt động xây dựng",
                    "Nhà ở và công sở",
                    "Hạ tầng kỹ thuật",
                    "Quy hoạch đô thị và nông thôn",
                    "Môi trường",
                    "Tài nguyên nước",
                    "Thủy lợi",
                    "Quản lý Đê điều và Phòng, chống thiên tai",
                    "Địa chất và khoáng sản",
                ],
            },
            {
                "code": "VHXH",
                "name": "Văn hóa - Xã hội",
                "fields": [
                    "Người có công",
                    "Giảm nghèo",
                    "Thực hiện chính sách BHXH",
                    "Chi trả các chế độ BHXH",
                    "Thực hiện chính sách BHYT",
                    "Chính sách",
                    "Tổ chức cai nghiên ma túy và quản lý sau cai nghiện",
                ],
            },
            {
                "code": "KINHTE",
                "name": "Kinh tế",
                "fields": [
                    "Nông nghiệp",
                    "Lâm nghiệp",
                    "Thủy sản",
                    "Chăn nuôi",
                    "Trồng trọt",
                    "Thú y",
                    "Kiểm lâm",
                    "Kinh tế hợp tác và Phát triển nông thôn",
                    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
                    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
                ],
            },
        ],
    },
    {
        "code": PROVINCE_JUSTICE_CODE,
        "name": "Sở Tư pháp tỉnh (minh họa)",
        "short_name": "Sở Tư pháp",
        "level": AgencyLevel.PROVINCE,
        "address": "",
        "departments": [
            {"code": "VP", "name": "Văn phòng Sở", "fields": []},
            {"code": "MOTCUA", "name": "Bộ phận tiếp nhận và trả kết quả", "is_one_stop": True, "fields": []},
            {
                "code": "HCTP",
                "name": "Phòng Hành chính tư pháp",
                "fields": ["Hộ tịch", "Quốc tịch", "Chứng thực", "Nuôi con nuôi", "Bồi thường nhà nước"],
            },
            {
                "code": "BTTP",
                "name": "Phòng Bổ trợ tư pháp",
                "fields": [
                    "Công chứng",
                    "Luật sư",
                    "Thừa phát lại",
                    "Trọng tài thương mại",
                    "Hòa giải thương mại",
                    "Đấu giá tài sản",
                    "Giám định tư pháp",
                    "Quản tài viên",
                    "Tư vấn pháp luật",
                    "Đăng ký biện pháp bảo đảm",
                ],
            },
            {
                "code": "PBGDPL",
                "name": "Phòng Phổ biến, giáo dục pháp luật",
                "fields": ["Trợ giúp pháp lý", "Hỗ trợ pháp lý cho doanh nghiệp nhỏ và vừa"],
            },
        ],
    },
]

# Demo logins, one per role (passwords are demo-only and documented in the README).
DEMO_PASSWORD = "demo1234"  # noqa: S105
USERS = [
    {"username": "admin", "first_name": "Quản trị", "last_name": "", "superuser": True},
    {
        "username": "thuky",
        "first_name": "Lê Thị",
        "last_name": "Thư",
        "role": "quality_officer",
        "agency": COMMUNE_CODE,
        "department": "VP",
    },
    {
        "username": "truongphong",
        "first_name": "Nguyễn Thị Phương",
        "last_name": "Thu",
        "role": "department_head",
        "agency": COMMUNE_CODE,
        "department": "TUPHAP",
    },
    {
        "username": "canbo",
        "first_name": "Võ Thị Huyền",
        "last_name": "Trang",
        "role": "staff",
        "agency": COMMUNE_CODE,
        "department": "TUPHAP",
    },
    {
        "username": "lanhdao",
        "first_name": "Hồ Minh",
        "last_name": "Hải",
        "role": "leader",
        "agency": COMMUNE_CODE,
        "department": "VP",
    },
]
