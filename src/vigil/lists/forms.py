"""The flows an organisation published between two versions of its list, for the
reconciliation on the comparison page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.figures import Flow, FlowKind

STATED_KINDS = {
    FlowKind.ADDED: _("added"),
    FlowKind.RELEASED: _("released"),
    FlowKind.DIED: _("died"),
    FlowKind.WITHDRAWN: _("recognition withdrawn"),
}


class StatedFlowsForm(forms.Form):
    """How many persons the organisation said were added, released, died or withdrawn."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in STATED_KINDS.items():
            self.fields[str(kind)] = forms.IntegerField(label=label, min_value=0,
                                                        required=False)

    def flows(self) -> list[Flow]:
        """The flows given (none when the form is empty or invalid)."""
        if not self.is_valid():
            return []
        return [Flow(str(kind), self.cleaned_data[str(kind)], kind) for kind in STATED_KINDS
                if self.cleaned_data[str(kind)] is not None]
