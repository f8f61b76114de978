"""The endorsement panel: who may approve a specification, and how many must."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from credgen.models.common import FileModel, Line, Login, Model


class PanelRole(StrEnum):
    """The expertise a panel member brings to a review."""

    ACADEMIC = "academic"
    CLINICAL = "clinical"
    LAY = "lay"
    CHAIR = "chair"
    QUALITY = "quality"


class PanelMember(Model):
    """A reviewer on the endorsement panel."""

    login: Login
    """GitHub login whose pull-request approvals count."""

    name: Line
    """Name as shown on the endorsement record."""

    role: PanelRole
    """Role on the panel."""

    valid_from: dt.date
    """First day on which this member's approvals count."""

    valid_to: dt.date | None = None
    """Last day on which this member's approvals count; open-ended when absent."""

    def serves_on(self, day: dt.date) -> bool:
        """Whether the member's term covers `day`."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Quorum(Model):
    """What makes a set of approvals sufficient to endorse."""

    min_approvals: int = Field(ge=1, le=20)
    """Number of valid approvals needed in all."""

    required_roles: list[PanelRole] = Field(default_factory=list)
    """Roles that need at least one approval each (a chair counts only as a chair)."""


class Panel(FileModel):
    """`specs/panel.yaml`."""

    notice: Line | None = None
    """A note shown with the panel, e.g. that the members are illustrative."""

    members: list[PanelMember] = Field(min_length=1)
    """Members, past and present; past members keep their record."""

    quorum: Quorum
    """The rule an endorsement must meet."""

    delivery_quorum: Quorum | None = None
    """The rule a delivery plan's approval must meet; the endorsement quorum when absent."""
