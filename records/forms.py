import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel


class LookupForm(forms.Form):
    """Receipt number and secret as typed from the paper slip (full-width letters, spaces and dashes forgiven)."""

    receipt_number = forms.CharField(label=_("Số biên nhận"), max_length=32)
    secret = forms.CharField(label=_("Mã tra cứu"), max_length=32, help_text=_("In trên giấy tiếp nhận hồ sơ."))

    def clean_receipt_number(self):
        return unicodedata.normalize("NFKC", self.cleaned_data["receipt_number"]).strip().upper()[:32]


class RatingForm(LookupForm):
    score = forms.TypedChoiceField(
        label=_("Mức hài lòng"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Góp ý"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReceiveForm(forms.Form):
    """The desk's receipt form; ``key`` makes a second submission of the same form harmless."""

    procedure = forms.ModelChoiceField(label=_("Thủ tục"), queryset=None)
    applicant_name = forms.CharField(label=_("Người nộp hồ sơ"), max_length=255)
    applicant_contact = forms.CharField(label=_("Điện thoại, thư điện tử"), max_length=255, required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=Channel.choices, initial=Channel.DIRECT)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures.order_by("title")


class ActForm(forms.Form):
    """Every act's form carries the version of the dossier it was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NoteForm(ActForm):
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(ActForm):
    reason = forms.CharField(label=_("Lý do, nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ApologyForm(ReasonForm):
    new_due_on = forms.DateField(label=_("Ngày hẹn trả mới"), widget=forms.DateInput(attrs={"type": "date"}))


ACT_FORMS = {"plain": ActForm, "note": NoteForm, "reason": ReasonForm, "apology": ApologyForm}
