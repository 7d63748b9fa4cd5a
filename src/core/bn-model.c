/* bn-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-model.h"

const char *
bn_proximity_to_string (BnProximity proximity)
{
  switch (proximity)
    {
    case BN_PROXIMITY_ME: return "me";
    case BN_PROXIMITY_SAME_FLOOR: return "floor";
    case BN_PROXIMITY_SAME_BUILDING: return "building";
    case BN_PROXIMITY_SAME_STREET: return "street";
    case BN_PROXIMITY_FURTHER:
    default: return "further";
    }
}

/* Returns: (transfer full) */
BnProfile *
bn_profile_copy (const BnProfile *self)
{
  BnProfile *copy = g_new0 (BnProfile, 1);

  copy->peer_id = g_strdup (self->peer_id);
  copy->fingerprint = g_strdup (self->fingerprint);
  copy->name = g_strdup (self->name);
  copy->about = g_strdup (self->about);
  copy->talents = g_strdupv (self->talents);
  copy->needs = g_strdupv (self->needs);
  copy->languages = g_strdupv (self->languages);
  copy->street = g_strdup (self->street);
  copy->number = g_strdup (self->number);
  copy->box = g_strdup (self->box);
  copy->building = g_strdup (self->building);
  copy->floor = g_strdup (self->floor);
  copy->connector = self->connector;
  copy->updated_ms = self->updated_ms;
  copy->proximity = self->proximity;
  return copy;
}

void
bn_profile_free (BnProfile *self)
{
  if (self == NULL)
    return;
  g_free (self->peer_id);
  g_free (self->fingerprint);
  g_free (self->name);
  g_free (self->about);
  g_strfreev (self->talents);
  g_strfreev (self->needs);
  g_strfreev (self->languages);
  g_free (self->street);
  g_free (self->number);
  g_free (self->box);
  g_free (self->building);
  g_free (self->floor);
  g_free (self);
}

void
bn_post_free (BnPost *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->author);
  g_free (self->author_name);
  g_free (self->kind);
  g_free (self->category);
  g_free (self->title);
  g_free (self->body);
  g_free (self->when);
  g_free (self->urgency);
  g_free (self->visibility);
  g_free (self->on_behalf_of);
  g_free (self->status);
  g_free (self->accepted_reply);
  g_free (self->hidden_by);
  g_free (self->hidden_by_name);
  g_free (self->hidden_reason);
  g_free (self->helper);
  g_free (self->helper_name);
  g_free (self);
}

void
bn_note_free (BnNote *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->post_id);
  g_free (self->author);
  g_free (self->author_name);
  g_free (self->text);
  g_free (self->hidden_by);
  g_free (self->hidden_by_name);
  g_free (self->hidden_reason);
  g_free (self);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder *builder, const char *name, GStrv values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* Returns: (transfer full) */
JsonNode *
bn_profile_to_json (const BnProfile *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "peer_id", self->peer_id);
  add_string (b, "fingerprint", self->fingerprint);
  add_string (b, "name", self->name);
  add_string (b, "about", self->about);
  add_strv (b, "talents", self->talents);
  add_strv (b, "needs", self->needs);
  add_strv (b, "languages", self->languages);
  add_string (b, "street", self->street);
  add_string (b, "number", self->number);
  add_string (b, "box", self->box);
  add_string (b, "building", self->building);
  add_string (b, "floor", self->floor);
  add_bool (b, "connector", self->connector);
  add_string (b, "proximity", bn_proximity_to_string (self->proximity));
  add_int (b, "updated", self->updated_ms);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Only hidden items have these members. */
static void
add_hidden (JsonBuilder *b, const char *by, const char *name, const char *reason)
{
  if (by == NULL)
    return;
  add_string (b, "hidden_by", by);
  add_string (b, "hidden_by_name", name);
  add_string (b, "hidden_reason", reason);
}

/* Returns: (transfer full) */
JsonNode *
bn_post_to_json (const BnPost *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "kind", self->kind);
  add_string (b, "category", self->category);
  add_string (b, "title", self->title);
  add_string (b, "body", self->body);
  add_string (b, "when", self->when);
  add_string (b, "urgency", self->urgency);
  add_string (b, "visibility", self->visibility);
  add_string (b, "on_behalf_of", self->on_behalf_of);
  add_string (b, "status", self->status);
  add_string (b, "author", self->author);
  add_string (b, "author_name", self->author_name);
  add_string (b, "accepted_reply", self->accepted_reply);
  add_string (b, "helper", self->helper);
  add_string (b, "helper_name", self->helper_name);
  add_int (b, "replies", self->n_replies);
  add_int (b, "thanks", self->n_thanks);
  add_string (b, "proximity", bn_proximity_to_string (self->proximity));
  add_int (b, "created", self->created_ms);
  add_int (b, "updated", self->updated_ms);
  if (self->expiry_ms > 0)
    add_int (b, "expiry", self->expiry_ms);
  add_hidden (b, self->hidden_by, self->hidden_by_name, self->hidden_reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Returns: (transfer full) */
JsonNode *
bn_note_to_json (const BnNote *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "post", self->post_id);
  add_string (b, "author", self->author);
  add_string (b, "author_name", self->author_name);
  add_string (b, "text", self->text);
  add_int (b, "created", self->created_ms);
  add_bool (b, "accepted", self->accepted);
  add_bool (b, "withdrawn", self->withdrawn);
  add_hidden (b, self->hidden_by, self->hidden_by_name, self->hidden_reason);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
same_text (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;

  if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
    return FALSE;
  x = g_utf8_casefold (a, -1);
  y = g_utf8_casefold (b, -1);
  return g_str_equal (g_strstrip (x), g_strstrip (y));
}

/* Same floor needs the same building (or street and number); places people leave
 * empty never count as near. */
BnProximity
bn_proximity_between (const BnProfile *me,
                      const BnProfile *other)
{
  gboolean same_street, same_building;

  if (me == NULL || other == NULL)
    return BN_PROXIMITY_FURTHER;
  if (g_strcmp0 (me->peer_id, other->peer_id) == 0)
    return BN_PROXIMITY_ME;
  same_street = same_text (me->street, other->street);
  same_building = same_text (me->building, other->building)
                  || (same_street && same_text (me->number, other->number));
  if (same_building && same_text (me->floor, other->floor))
    return BN_PROXIMITY_SAME_FLOOR;
  if (same_building)
    return BN_PROXIMITY_SAME_BUILDING;
  if (same_street)
    return BN_PROXIMITY_SAME_STREET;
  return BN_PROXIMITY_FURTHER;
}

void
bn_member_free (BnMember *self)
{
  if (self == NULL)
    return;
  g_free (self->peer_id);
  g_free (self->fingerprint);
  g_free (self->name);
  g_free (self->status);
  g_free (self->added_by);
  g_free (self->ended_by);
  g_free (self->reason);
  g_free (self->replaced_by);
  g_free (self);
}

/* Returns: (transfer full) */
JsonNode *
bn_member_to_json (const BnMember *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "peer_id", self->peer_id);
  add_string (b, "fingerprint", self->fingerprint);
  add_string (b, "name", self->name);
  add_string (b, "role", self->connector ? "connector" : "member");
  add_string (b, "status", self->status);
  add_string (b, "added_by", self->added_by);
  add_int (b, "since", self->since_ms);
  if (self->ended_by != NULL)
    {
      add_string (b, "ended_by", self->ended_by);
      add_int (b, "ended", self->ended_ms);
    }
  if (self->reason != NULL)
    add_string (b, "reason", self->reason);
  if (self->replaced_by != NULL)
    add_string (b, "replaced_by", self->replaced_by);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
bn_invite_info_free (BnInviteInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->inviter);
  g_free (self->inviter_name);
  g_free (self->state);
  g_free (self);
}

/* Returns: (transfer full) */
JsonNode *
bn_invite_info_to_json (const BnInviteInfo *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "inviter", self->inviter);
  add_string (b, "inviter_name", self->inviter_name);
  add_int (b, "uses", self->uses);
  add_int (b, "used", self->used);
  add_int (b, "created", self->created_ms);
  add_int (b, "expires", self->expires_ms);
  add_string (b, "state", self->state);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
bn_report_free (BnReport *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->author);
  g_free (self->author_name);
  g_free (self->target);
  g_free (self->target_kind);
  g_free (self->subject);
  g_free (self->subject_name);
  g_free (self->reason);
  g_free (self->text);
  g_free (self->quote);
  g_free (self->handled_by);
  g_free (self->handled_by_name);
  g_free (self);
}

/* Returns: (transfer full) */
JsonNode *
bn_report_to_json (const BnReport *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "author", self->author);
  add_string (b, "author_name", self->author_name);
  add_string (b, "target", self->target);
  add_string (b, "target_kind", self->target_kind);
  add_string (b, "subject", self->subject);
  add_string (b, "subject_name", self->subject_name);
  add_string (b, "reason", self->reason);
  add_string (b, "text", self->text);
  add_string (b, "quote", self->quote);
  add_int (b, "created", self->created_ms);
  add_string (b, "state", self->handled_by != NULL ? "handled" : "open");
  if (self->handled_by != NULL)
    {
      add_string (b, "handled_by", self->handled_by);
      add_string (b, "handled_by_name", self->handled_by_name);
      add_int (b, "handled", self->handled_ms);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
bn_moderation_act_free (BnModerationAct *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->action);
  g_free (self->actor);
  g_free (self->actor_name);
  g_free (self->target);
  g_free (self->member);
  g_free (self->member_name);
  g_free (self->reason);
  g_free (self);
}

/* Returns: (transfer full) */
JsonNode *
bn_moderation_act_to_json (const BnModerationAct *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "action", self->action);
  add_string (b, "actor", self->actor);
  add_string (b, "actor_name", self->actor_name);
  add_string (b, "target", self->target);
  add_string (b, "member", self->member);
  add_string (b, "member_name", self->member_name);
  add_string (b, "reason", self->reason);
  add_bool (b, "erase", self->erase);
  add_bool (b, "undone", self->undone);
  add_int (b, "when", self->when_ms);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
bn_blocked_free (BnBlocked *self)
{
  if (self == NULL)
    return;
  g_free (self->peer_id);
  g_free (self->fingerprint);
  g_free (self->name);
  g_free (self);
}

/* Returns: (transfer full) */
JsonNode *
bn_blocked_to_json (const BnBlocked *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "peer_id", self->peer_id);
  add_string (b, "fingerprint", self->fingerprint);
  add_string (b, "name", self->name);
  add_int (b, "since", self->since_ms);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
