/* bn-payload-post.c — the payloads of "post" and of the events on a post
 * ("edit", "status", "accept"): their JSON members, lenient decoding and the
 * checks of what this program lets a neighbour publish. Folding them is in
 * bn-type-post.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-payload-types.h"
#include "bn-category.h"
#include "bn-error.h"
#include "bn-identity.h"
#include "bn-json.h"
#include "bn-json-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define M_KIND "kind"
#define M_CATEGORY "category"
#define M_TITLE "title"
#define M_BODY "body"
#define M_WHEN "when"
#define M_URGENCY "urgency"
#define M_VISIBILITY "visibility"
#define M_TO "to"
#define M_ON_BEHALF_OF "on_behalf_of"
#define M_EXPIRY "expiry"
#define M_POST "post"
#define M_SET "set"
#define M_STATUS "status"
#define M_REPLY "reply"
#define M_HELPER "helper"

/* The payload */

void
bn_post_payload_free (BnPostPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->kind);
  g_free (self->category);
  g_free (self->title);
  g_free (self->body);
  g_free (self->when);
  g_free (self->urgency);
  g_free (self->visibility);
  g_strfreev (self->to);
  g_free (self->on_behalf_of);
  g_free (self);
}

/**
 * bn_post_payload_decode_fields:
 *
 * The fields a post or an edit sets, each only when valid: a category or an
 * urgency this version does not know, or an empty title, is left out (so an edit
 * leaves that field as it was, and a post gets the default).
 *
 * Returns: (transfer full)
 */
BnPostPayload *
bn_post_payload_decode_fields (const BnJsonFields *object)
{
  BnPostPayload *self = g_new0 (BnPostPayload, 1);
  const char *value;
  gint64 expiry;

  if ((value = bn_json_fields_get_string (object, M_CATEGORY)) && bn_category_is_valid (value))
    self->category = g_strdup (value);
  if ((value = bn_json_fields_get_string (object, M_TITLE)) && *value)
    self->title = g_strdup (value);
  self->body = g_strdup (bn_json_fields_get_string (object, M_BODY));
  self->when = g_strdup (bn_json_fields_get_string (object, M_WHEN));
  if ((value = bn_json_fields_get_string (object, M_URGENCY)) && bn_urgency_is_valid (value))
    self->urgency = g_strdup (value);
  self->on_behalf_of = g_strdup (bn_json_fields_get_string (object, M_ON_BEHALF_OF));
  expiry = bn_json_fields_get_int (object, M_EXPIRY, 0);
  self->expiry_ms = expiry > 0 ? expiry : 0;
  return self;
}

static GStrv
strings_of (const BnJsonFields *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const BnJsonFields *element;
  BnJsonIter iter;

  bn_json_iter_init (&iter, array);
  while ((element = bn_json_iter_next (&iter)) != NULL)
    {
      const char *text = bn_json_value_get_raw_string (element);
      if (text != NULL)
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/* A post needs a kind and a title; an unknown visibility reads as the whole
 * neighbourhood (its body is readable by all anyway, or sealed). */
BnPostPayload *
bn_post_payload_decode (const BnJsonFields *object,
                        const char        **why)
{
  const char *kind = bn_json_fields_get_string (object, M_KIND);
  const char *title = bn_json_fields_get_string (object, M_TITLE);
  const char *visibility = bn_json_fields_get_string (object, M_VISIBILITY);
  BnPostPayload *self;

  if (!bn_post_kind_is_valid (kind) || title == NULL || *title == '\0')
    {
      *why = "it has no valid kind or title";
      return NULL;
    }
  self = bn_post_payload_decode_fields (object);
  self->kind = g_strdup (kind);
  self->visibility = g_strdup (bn_visibility_is_valid (visibility) ? visibility : "neighbourhood");
  self->to = strings_of (bn_json_fields_get_array (object, M_TO));
  return self;
}

static void
set_optional (JsonObject *object, const char *member, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

/* The fields an edit may carry, set where given. */
void
bn_post_payload_encode_fields (const BnPostPayload *self,
                               JsonObject          *object)
{
  set_optional (object, M_CATEGORY, self->category);
  set_optional (object, M_TITLE, self->title);
  set_optional (object, M_BODY, self->body);
  set_optional (object, M_WHEN, self->when);
  set_optional (object, M_URGENCY, self->urgency);
  set_optional (object, M_ON_BEHALF_OF, self->on_behalf_of);
  if (self->expiry_ms > 0)
    json_object_set_int_member (object, M_EXPIRY, self->expiry_ms);
}

/* Returns: (transfer full) */
JsonObject *
bn_post_payload_encode (const BnPostPayload *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", "post");
  json_object_set_string_member (object, M_KIND, self->kind);
  json_object_set_string_member (object, M_VISIBILITY, self->visibility);
  /* Who was chosen, inside the sealed body, so every later change of the post
   * can be sealed to the same people. */
  if (g_strcmp0 (self->visibility, "people") == 0)
    json_object_set_array_member (object, M_TO,
                                  bn_json_array_from_strv ((const char *const *) self->to));
  bn_post_payload_encode_fields (self, object);
  return object;
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/**
 * bn_post_payload_check:
 * @creating: a new post (kind, category and title required), else an edit
 *
 * What this program lets a neighbour publish.
 */
gboolean
bn_post_payload_check (const BnPostPayload  *self,
                       gboolean              creating,
                       GError              **error)
{
  if (creating && !bn_post_kind_is_valid (self->kind))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("A post is a “request” or an “offer”"));
      return FALSE;
    }
  if ((creating || self->category) && !bn_category_is_valid (self->category))
    {
      g_autofree char *ids = bn_category_list_ids (", ");
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("“%s” is not a category; use one of: %s"),
                   self->category ? self->category : "", ids);
      return FALSE;
    }
  if (creating && !has_text (self->title))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Give your post a short title"));
      return FALSE;
    }
  if (self->urgency && !bn_urgency_is_valid (self->urgency))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Urgency is “flexible”, “soon” or “urgent”"));
      return FALSE;
    }
  if (self->visibility && !bn_visibility_is_valid (self->visibility))
    {
      g_set_error (error, BN_CORE_ERROR, BN_CORE_ERROR_INVALID,
                   _("Visibility is “neighbourhood”, “connectors” or “people”"));
      return FALSE;
    }
  return TRUE;
}

/* Events on a post */

void
bn_post_event_payload_free (BnPostEventPayload *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->set, bn_post_payload_free);
  g_free (self->status);
  g_free (self->data);
  g_free (self);
}

/* Needs the post it is about; what it changes is read leniently: an edit
 * without a "set", an unknown status or an accept without a reply changes
 * nothing (but is kept, like every entry). */
BnPostEventPayload *
bn_post_event_payload_decode (const BnJsonFields *object,
                              const char        **why)
{
  g_autoptr(BnPostEventPayload) self = g_new0 (BnPostEventPayload, 1);
  const char *type = bn_json_fields_get_string (object, "type");
  const char *status = bn_json_fields_get_string (object, M_STATUS);
  const BnJsonFields *set = bn_json_fields_get_object (object, M_SET);

  self->type = (char *) g_intern_string (type);
  if (!bn_hex_decode (bn_json_fields_get_string (object, M_POST), self->post, BN_HASH_LEN))
    {
      *why = "it names no post";
      return NULL;
    }
  if (g_str_equal (type, "edit") && set != NULL)
    self->set = bn_post_payload_decode_fields (set);
  else if (g_str_equal (type, "status") && bn_post_status_is_valid (status))
    self->status = g_strdup (status);
  else if (g_str_equal (type, "accept")
           && bn_hex_decode (bn_json_fields_get_string (object, M_REPLY), self->reply, BN_HASH_LEN))
    {
      /* A reply without its helper still makes the post matched. */
      self->status = g_strdup ("matched");
      self->has_helper = bn_peer_id_to_key (bn_json_fields_get_string (object, M_HELPER), self->helper);
    }
  self->data = bn_json_fields_to_string (object);
  return g_steal_pointer (&self);
}

static JsonObject *
new_event (const char *type, const char *post_id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, M_POST, post_id);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_edit_payload_encode (const char          *post_id,
                        const BnPostPayload *set)
{
  JsonObject *object = new_event ("edit", post_id);
  JsonObject *fields = json_object_new ();

  bn_post_payload_encode_fields (set, fields);
  json_object_set_object_member (object, M_SET, fields);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_status_payload_encode (const char *post_id,
                          const char *status)
{
  JsonObject *object = new_event ("status", post_id);

  json_object_set_string_member (object, M_STATUS, status);
  return object;
}

/* Returns: (transfer full) */
JsonObject *
bn_accept_payload_encode (const char *post_id,
                          const char *reply_id,
                          const char *helper_peer_id)
{
  JsonObject *object = new_event ("accept", post_id);

  json_object_set_string_member (object, M_REPLY, reply_id);
  json_object_set_string_member (object, M_HELPER, helper_peer_id);
  return object;
}

/* Returns: (transfer full): the post's author takes back their choice of helper */
JsonObject *
bn_unaccept_payload_encode (const char *post_id)
{
  return new_event ("unaccept", post_id);
}

/* A withdrawal names the post and the reply it takes back; both are required. */
BnReplyWithdrawPayload *
bn_reply_withdraw_payload_decode (const BnJsonFields *object,
                                  const char        **why)
{
  g_autofree BnReplyWithdrawPayload *self = g_new0 (BnReplyWithdrawPayload, 1);

  if (!bn_hex_decode (bn_json_fields_get_string (object, M_POST), self->post, BN_HASH_LEN)
      || !bn_hex_decode (bn_json_fields_get_string (object, M_REPLY), self->reply, BN_HASH_LEN))
    {
      *why = "it names no post or no reply";
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Returns: (transfer full) */
JsonObject *
bn_reply_withdraw_payload_encode (const char *post_id,
                                  const char *reply_id)
{
  JsonObject *object = new_event ("reply-withdraw", post_id);

  json_object_set_string_member (object, M_REPLY, reply_id);
  return object;
}
