"""Official sides may list several readings separated by ";"; more everyday words seeded."""

from django.db import migrations, models

# everyday → (old official, new official): seeds whose official side is better read as alternatives.
REWORDED = {
    "sang tên": ("chuyển nhượng đăng ký biến động", "đăng ký biến động; chuyển nhượng; thừa kế; tặng cho"),
    "sổ đỏ": ("giấy chứng nhận quyền sử dụng đất", "giấy chứng nhận quyền sử dụng đất; quyền sử dụng đất"),
    "sổ hồng": ("giấy chứng nhận quyền sở hữu nhà ở", "giấy chứng nhận quyền sở hữu nhà ở; quyền sở hữu tài sản"),
    "lý lịch": ("phiếu lý lịch tư pháp", "phiếu lý lịch tư pháp; lý lịch tư pháp"),
}
# (everyday, official, two_way): everyday words of citizens for official names.
ADDED = [
    ("bằng lái xe", "giấy phép lái xe", False),
    ("đổi bằng lái", "đổi giấy phép lái xe", False),
    ("chứng minh thư", "thẻ căn cước; chứng minh nhân dân", False),
    ("làm chứng minh", "cấp thẻ căn cước", False),
    ("đất thổ cư", "đất ở", False),
    ("lên thổ cư", "chuyển mục đích sử dụng đất", False),
    ("chuyển đổi mục đích", "chuyển mục đích sử dụng đất", False),
    ("mở quán", "đăng ký hộ kinh doanh", False),
    ("visa", "thị thực", False),
    ("giấy chứng tử", "trích lục khai tử; đăng ký khai tử", False),
    ("nhà riêng", "nhà ở riêng lẻ", False),
    ("sửa sai", "cải chính; đính chính", False),
    ("đổi tên", "thay đổi họ tên; cải chính hộ tịch", False),
    ("hộ nghèo", "hộ nghèo; hộ cận nghèo", False),
]


def forward(apps, schema_editor):
    Synonym = apps.get_model("qms_search", "Synonym")
    for everyday, (old, new) in REWORDED.items():
        Synonym.objects.filter(everyday=everyday, official=old).update(official=new)
    for everyday, official, two_way in ADDED:
        Synonym.objects.get_or_create(everyday=everyday, official=official, defaults={"two_way": two_way})


def backward(apps, schema_editor):
    Synonym = apps.get_model("qms_search", "Synonym")
    for everyday, (old, new) in REWORDED.items():
        Synonym.objects.filter(everyday=everyday, official=new).update(official=old)
    for everyday, official, _two_way in ADDED:
        Synonym.objects.filter(everyday=everyday, official=official).delete()


class Migration(migrations.Migration):
    dependencies = [("qms_search", "0003_seed_synonyms")]

    operations = [
        migrations.AlterField(
            model_name="synonym",
            name="official",
            field=models.CharField(
                help_text=(
                    "Ví dụ: giấy chứng nhận quyền sử dụng đất. Nhiều cách gọi thì ngăn cách bằng dấu chấm phẩy: "
                    "đăng ký biến động; chuyển nhượng."
                ),
                max_length=255,
                verbose_name="cách gọi chính thức",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
