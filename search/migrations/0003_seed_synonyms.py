"""Seed the synonym table with common everyday words and abbreviations; officers edit it in the admin."""

from django.db import migrations

# (everyday, official, two_way). Abbreviations go both ways.
SEED = [
    ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất", False),
    ("sổ hồng", "giấy chứng nhận quyền sở hữu nhà ở", False),
    ("xác nhận độc thân", "xác nhận tình trạng hôn nhân", False),
    ("giấy độc thân", "giấy xác nhận tình trạng hôn nhân", False),
    ("làm giấy khai sinh", "đăng ký khai sinh", False),
    ("làm khai sinh", "đăng ký khai sinh", False),
    ("báo tử", "đăng ký khai tử", False),
    ("lấy vợ", "đăng ký kết hôn", False),
    ("lấy chồng", "đăng ký kết hôn", False),
    ("ly dị", "ly hôn", False),
    ("nhận con nuôi", "đăng ký nuôi con nuôi", False),
    ("công chứng bản sao", "chứng thực bản sao", False),
    ("sao y", "chứng thực bản sao", False),
    ("công chứng chữ ký", "chứng thực chữ ký", False),
    ("xin phép xây", "cấp giấy phép xây dựng", False),
    ("xây nhà", "xây dựng nhà ở", False),
    ("sửa nhà", "sửa chữa cải tạo nhà ở", False),
    ("làm hộ chiếu", "cấp hộ chiếu", False),
    ("làm căn cước", "cấp thẻ căn cước", False),
    ("nhập hộ khẩu", "đăng ký thường trú", False),
    ("hộ khẩu", "thường trú", False),
    ("sang tên", "chuyển nhượng đăng ký biến động", False),
    ("bằng lái", "giấy phép lái xe", False),
    ("giấy phép kinh doanh", "giấy chứng nhận đăng ký kinh doanh", False),
    ("mở công ty", "thành lập doanh nghiệp", False),
    ("mở cửa hàng", "đăng ký hộ kinh doanh", False),
    ("lương hưu", "hưu trí", False),
    ("trợ cấp thất nghiệp", "bảo hiểm thất nghiệp", False),
    ("lý lịch", "phiếu lý lịch tư pháp", False),
    # Since 1/7/2024 the citizen identity card (căn cước công dân, CCCD) is issued as "thẻ căn cước".
    ("CCCD", "thẻ căn cước", False),
    ("căn cước công dân", "thẻ căn cước", False),
    ("CMND", "chứng minh nhân dân", True),
    ("GPLX", "giấy phép lái xe", True),
    ("BHXH", "bảo hiểm xã hội", True),
    ("BHYT", "bảo hiểm y tế", True),
    ("GCN", "giấy chứng nhận", True),
    ("QSDĐ", "quyền sử dụng đất", True),
    ("HTX", "hợp tác xã", True),
    ("UBND", "ủy ban nhân dân", True),
    ("GTVT", "giao thông vận tải", True),
    ("TTHC", "thủ tục hành chính", True),
    ("DN", "doanh nghiệp", True),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("qms_search", "Synonym")
    for everyday, official, two_way in SEED:
        Synonym.objects.get_or_create(everyday=everyday, official=official, defaults={"two_way": two_way})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("qms_search", "Synonym")
    for everyday, official, _two_way in SEED:
        Synonym.objects.filter(everyday=everyday, official=official).delete()


class Migration(migrations.Migration):
    dependencies = [("qms_search", "0002_fulltext")]

    operations = [migrations.RunPython(seed, unseed)]
