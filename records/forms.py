from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    receipt_number = forms.CharField(label=_("Số biên nhận"), max_length=32)
    secret = forms.CharField(label=_("Mã tra cứu"), max_length=16, help_text=_("In trên giấy tiếp nhận hồ sơ."))

    def clean_receipt_number(self):
        return self.cleaned_data["receipt_number"].strip().upper()


class RatingForm(LookupForm):
    score = forms.TypedChoiceField(
        label=_("Mức hài lòng"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Góp ý"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
