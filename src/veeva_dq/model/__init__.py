"""The data model: objects, fields, picklists and shipped reference data."""

from __future__ import annotations

from veeva_dq.model._model import Field, FieldType, Model, ModelError, ObjectDef, load_model

__all__ = ["Field", "FieldType", "Model", "ModelError", "ObjectDef", "load_model"]
