"""Advice: plans (ordered, timed actions) for any path or certification, and the next steps
an experienced HTM director would give, derived from those plans.

The effort model and the relevance rules are data in the rulesets (the ``advice:`` section and
``effort_*`` parameters, see ``docs/advice.md``); this package only applies them.
"""

from __future__ import annotations

from .model import AdviceModel, advice_model
from .planner import Action, Plan, Planner, planner_for

__all__ = ["Action", "AdviceModel", "Plan", "Planner", "advice_model", "planner_for"]
