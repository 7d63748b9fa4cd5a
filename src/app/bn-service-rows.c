/* bn-service-rows.c — a service's details as rows
 *
 * Phone, e-mail and website are links (tel:, mailto:, https:) so a neighbour
 * reaches the service in one click. Everything in a service was typed by a
 * connector: it goes into rows through bn-rows.c (plain text) and into link
 * markup escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-service-rows.h"
#include "bn-rows.h"

#include <glib/gi18n.h>

const char *
bn_service_cost_label (const char *cost)
{
  if (g_strcmp0 (cost, "free") == 0)
    return _("Free");
  if (g_strcmp0 (cost, "paid") == 0)
    return _("Paid");
  if (g_strcmp0 (cost, "means-tested") == 0)
    return _("Depends on your income");
  return cost;
}

const char *
bn_service_access_label (const char *access)
{
  if (g_strcmp0 (access, "walk-in") == 0)
    return _("Walk in");
  if (g_strcmp0 (access, "appointment") == 0)
    return _("By appointment");
  if (g_strcmp0 (access, "referral") == 0)
    return _("Through a referral");
  return access;
}

const char *
bn_service_language_label (const char *code)
{
  if (g_strcmp0 (code, "nl") == 0)
    return _("Dutch");
  if (g_strcmp0 (code, "fr") == 0)
    return _("French");
  if (g_strcmp0 (code, "en") == 0)
    return _("English");
  if (g_strcmp0 (code, "de") == 0)
    return _("German");
  if (g_strcmp0 (code, "ar") == 0)
    return _("Arabic");
  if (g_strcmp0 (code, "tr") == 0)
    return _("Turkish");
  if (g_strcmp0 (code, "es") == 0)
    return _("Spanish");
  return code;
}

static const char *const statuses[] = {
  "suggested", "contacted", "appointment", "helped", "not-helped", "closed", NULL
};
static const char *const consents[] = { "in-person", "phone", "message", "writing", NULL };

const char *const *
bn_referral_statuses (void)
{
  return statuses;
}

const char *const *
bn_referral_consents (void)
{
  return consents;
}

const char *
bn_referral_status_label (const char *status)
{
  if (g_strcmp0 (status, "suggested") == 0)
    return _("Suggested");
  if (g_strcmp0 (status, "contacted") == 0)
    return _("Contacted");
  if (g_strcmp0 (status, "appointment") == 0)
    return _("Appointment made");
  if (g_strcmp0 (status, "helped") == 0)
    return _("Helped");
  if (g_strcmp0 (status, "not-helped") == 0)
    return _("Not helped");
  if (g_strcmp0 (status, "closed") == 0)
    return _("Closed");
  return status;
}

const char *
bn_referral_consent_label (const char *consent)
{
  if (g_strcmp0 (consent, "in-person") == 0)
    return _("They said yes in person");
  if (g_strcmp0 (consent, "phone") == 0)
    return _("They said yes on the phone");
  if (g_strcmp0 (consent, "message") == 0)
    return _("They said yes in a message");
  if (g_strcmp0 (consent, "writing") == 0)
    return _("They said yes in writing");
  return consent;
}

/* "Organisation · Paperwork, Errands" */
char *
bn_service_summary (const BnService *service)
{
  GString *out = g_string_new (service->org);

  for (guint i = 0; service->categories != NULL && service->categories[i] != NULL; i++)
    {
      if (out->len > 0)
        g_string_append (out, i == 0 ? " · " : ", ");
      g_string_append (out, bn_category_label (service->categories[i]));
    }
  return g_string_free (out, FALSE);
}

char *
bn_service_checked_label (const BnService *service)
{
  if (service->checked == NULL)
    return NULL;
  if (service->stale)
    /* Translators: %s is a date, YYYY-MM-DD */
    return g_strdup_printf (_("Checked %s: may be out of date, call before you go"),
                            service->checked);
  /* Translators: %s is a date, YYYY-MM-DD */
  return g_strdup_printf (_("Checked %s"), service->checked);
}

static GtkWidget *
text_row (const char *title, const char *value, const char *icon)
{
  GtkWidget *row = bn_action_row_new (title, value);

  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "property");
  return row;
}

/* A row whose value is a link: a label with escaped markup. */
static GtkWidget *
link_row (const char *title, const char *text, const char *uri, const char *icon)
{
  GtkWidget *row = bn_action_row_new (title, NULL);
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", uri, text);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static gboolean
has (const char *value)
{
  return value != NULL && *value != '\0';
}

/* A phone number as a tel: URI: digits and a leading +. */
static char *
tel_uri (const char *phone)
{
  GString *uri = g_string_new ("tel:");

  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || (*p == '+' && uri->len == 4))
      g_string_append_c (uri, *p);
  return g_string_free (uri, FALSE);
}

static char *
web_uri (const char *url)
{
  if (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"))
    return g_strdup (url);
  return g_strconcat ("https://", url, NULL);
}

static char *
languages_text (const BnService *service)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; service->languages != NULL && service->languages[i] != NULL; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            bn_service_language_label (service->languages[i]));
  return g_string_free (out, out->len == 0);
}

void
bn_service_add_detail_rows (const BnService *service,
                            void           (*add_row) (gpointer container, GtkWidget *row),
                            gpointer         container)
{
  g_autofree char *languages = languages_text (service);
  g_autofree char *checked = bn_service_checked_label (service);

  if (has (service->words))
    add_row (container, text_row (_("Helps with"), service->words, "help-about-symbolic"));
  if (has (service->audience))
    add_row (container, text_row (_("For whom"), service->audience, "system-users-symbolic"));
  if (languages != NULL)
    add_row (container, text_row (_("Languages"), languages, "preferences-desktop-locale-symbolic"));
  if (has (service->address))
    add_row (container, text_row (_("Address"), service->address, "mark-location-symbolic"));
  if (has (service->area))
    add_row (container, text_row (_("Area"), service->area, "mark-location-symbolic"));
  if (has (service->phone))
    {
      g_autofree char *uri = tel_uri (service->phone);
      add_row (container, link_row (_("Phone"), service->phone, uri, "call-start-symbolic"));
    }
  if (has (service->email))
    {
      g_autofree char *uri = g_strconcat ("mailto:", service->email, NULL);
      add_row (container, link_row (_("E-mail"), service->email, uri, "mail-unread-symbolic"));
    }
  if (has (service->url))
    {
      g_autofree char *uri = web_uri (service->url);
      add_row (container, link_row (_("Website"), service->url, uri, "web-browser-symbolic"));
    }
  if (has (service->hours))
    add_row (container, text_row (_("Opening hours"), service->hours, "alarm-symbolic"));
  if (has (service->cost))
    add_row (container, text_row (_("Cost"), bn_service_cost_label (service->cost),
                                  "emblem-documents-symbolic"));
  if (has (service->access))
    add_row (container, text_row (_("How to go"), bn_service_access_label (service->access),
                                  "go-next-symbolic"));
  if (has (service->accessibility))
    add_row (container, text_row (_("Accessibility"), service->accessibility,
                                  "preferences-desktop-accessibility-symbolic"));
  if (has (service->source))
    add_row (container, text_row (_("Where this comes from"), service->source,
                                  "dialog-information-symbolic"));
  if (checked != NULL)
    {
      GtkWidget *row = text_row (_("Last checked"), checked,
                                 service->stale ? "dialog-warning-symbolic"
                                                : "object-select-symbolic");
      if (service->stale)
        gtk_widget_add_css_class (row, "warning");
      add_row (container, row);
    }
}

static void
setup_label (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory, GtkListItem *item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static GtkListItemFactory *
label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  return factory;
}

/* On a phone the chosen words are cut short; the list shows them whole. */
void
bn_drop_down_fit_narrow (GtkDropDown *drop_down)
{
  g_autoptr(GtkListItemFactory) shown = label_factory (TRUE);
  g_autoptr(GtkListItemFactory) list = label_factory (FALSE);

  gtk_drop_down_set_factory (drop_down, shown);
  gtk_drop_down_set_list_factory (drop_down, list);
}
