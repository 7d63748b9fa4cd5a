/* bn-cli-services.c — where to get help: service add|edit|remove|import|export
 * (connectors) and services (everyone); docs/protocol.md §6.3, the CSV columns
 * in docs/services-csv.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What the options of add and edit fill in; %NULL where not given. */
typedef struct
{
  char  *name, *org, *words, *audience, *area, *address, *phone, *email, *url, *hours;
  char  *cost, *access, *accessibility, *source, *checked, *languages;
  char **categories;
} ServiceOptions;

static void
service_options_clear (ServiceOptions *o)
{
  char **strings[] = { &o->name, &o->org, &o->words, &o->audience, &o->area, &o->address,
                       &o->phone, &o->email, &o->url, &o->hours, &o->cost, &o->access,
                       &o->accessibility, &o->source, &o->checked, &o->languages };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_clear_pointer (strings[i], g_free);
  g_clear_pointer (&o->categories, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServiceOptions, service_options_clear)

/* "a,b" and repeated options alike; %NULL when nothing was given. */
static char **
split_values (char **given)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (given[i], ",", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        if (*g_strstrip (parts[j]) != '\0')
          g_ptr_array_add (values, g_strdup (parts[j]));
    }
  if (values->len == 0)
    return NULL;
  g_ptr_array_add (values, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

static void
take_option (char **field, char *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* Lays the options given over @s (empty for add, the current version for edit). */
static void
apply_options (BnService *s, const ServiceOptions *o)
{
  take_option (&s->name, o->name);
  take_option (&s->org, o->org);
  take_option (&s->words, o->words);
  take_option (&s->audience, o->audience);
  take_option (&s->area, o->area);
  take_option (&s->address, o->address);
  take_option (&s->phone, o->phone);
  take_option (&s->email, o->email);
  take_option (&s->url, o->url);
  take_option (&s->hours, o->hours);
  take_option (&s->cost, o->cost);
  take_option (&s->access, o->access);
  take_option (&s->accessibility, o->accessibility);
  take_option (&s->source, o->source);
  if (o->categories != NULL)
    {
      g_strfreev (s->categories);
      s->categories = split_values (o->categories);
    }
  if (o->languages != NULL)
    {
      char *one[] = { o->languages, NULL };
      g_strfreev (s->languages);
      s->languages = split_values (one);
    }
  /* Writing it again is checking it: today, unless told otherwise. */
  g_free (s->checked);
  s->checked = g_strdup (o->checked);
}

/* service add --name N --category C... [options]; service edit ID [options] */
static int
add_or_edit (BnCliContext *ctx, const BnCliCommand *self, int argc, char **argv, gboolean edit)
{
  g_auto(ServiceOptions) o = { 0 };
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("The service’s name"), N_("NAME") },
    { "category", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &o.categories, N_("What it helps with (repeat, or separate with commas)"), N_("CAT") },
    { "org", 0, 0, G_OPTION_ARG_STRING, &o.org, N_("The organisation behind it"), N_("ORG") },
    { "words", 0, 0, G_OPTION_ARG_STRING, &o.words, N_("What it helps with, in words"), N_("TEXT") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &o.audience, N_("For whom"), N_("TEXT") },
    { "languages", 0, 0, G_OPTION_ARG_STRING, &o.languages, N_("Languages spoken, as codes: nl,fr,en"), N_("CODES") },
    { "area", 0, 0, G_OPTION_ARG_STRING, &o.area, N_("The area it serves"), N_("TEXT") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &o.address, N_("Where it is"), N_("TEXT") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &o.phone, N_("Its phone number"), N_("PHONE") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &o.email, N_("Its e-mail address"), N_("EMAIL") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &o.url, N_("Its website"), N_("URL") },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &o.hours, N_("Opening hours, in words"), N_("TEXT") },
    { "access", 0, 0, G_OPTION_ARG_STRING, &o.access, N_("walk-in, appointment or referral"), N_("HOW") },
    { "cost", 0, 0, G_OPTION_ARG_STRING, &o.cost, N_("free, paid or means-tested"), N_("COST") },
    { "accessibility", 0, 0, G_OPTION_ARG_STRING, &o.accessibility, N_("Accessibility notes"), N_("TEXT") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &o.source, N_("Where the information comes from"), N_("TEXT") },
    { "checked", 0, 0, G_OPTION_ARG_STRING, &o.checked, N_("When it was last checked (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnService) s = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, edit ? 3 : 2))
    return 1;
  if (!edit && (o.name == NULL || o.categories == NULL))
    return bn_cli_fail (_("A service needs --name and at least one --category"));
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if (edit)
    {
      s = bn_store_get_service (bn_home_get_store (home), argv[2], g_get_real_time () / 1000);
      if (s == NULL)
        return bn_cli_fail (_("No service has ID “%s”; see “buurtnet-cli services”"), argv[2]);
    }
  else
    s = g_new0 (BnService, 1);
  apply_options (s, &o);
  entry = edit ? bn_home_edit_service (home, s->id, s, &error) : bn_home_add_service (home, s, &error);
  if (entry == NULL)
    return bn_cli_fail_error (error);
  id = edit ? g_strdup (s->id) : bn_entry_dup_id_hex (entry);
  if (!edit)
    g_print (_("Added “%s” to where to get help. Its ID:\n"), s->name);
  else
    g_print (_("Saved “%s”. Its ID:\n"), s->name);
  g_print ("%s\n", id);
  return 0;
}

static int
remove_service (BnCliContext *ctx, const BnCliCommand *self, int argc, char **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(BnEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 3))
    return 1;
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if ((entry = bn_home_remove_service (home, argv[2], &error)) == NULL)
    return bn_cli_fail_error (error);
  g_print (_("Removed the service from where to get help.\n"));
  return 0;
}

static int
import_services (BnCliContext *ctx, const BnCliCommand *self, int argc, char **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len;
  guint added, changed, unchanged;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 3))
    return 1;
  if (!g_file_get_contents (argv[2], &text, &len, &error))
    return bn_cli_fail_error (error);
  if ((home = bn_cli_open_home (ctx, FALSE)) == NULL)
    return 1;
  if (!bn_home_import_services (home, text, len, &added, &changed, &unchanged, &error))
    return bn_cli_fail (_("Nothing was imported. %s"), error->message);
  /* Translators: the three numbers are of services: added, changed, unchanged. */
  g_print (_("Imported: %u added, %u changed, %u unchanged.\n"), added, changed, unchanged);
  return 0;
}

static int
export_services (BnCliContext *ctx, const BnCliCommand *self, int argc, char **argv)
{
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  if (!bn_cli_parse (ctx, self, NULL, &argc, &argv) || bn_cli_expect_args (self, argc, 3))
    return 1;
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  services = bn_store_list_services (bn_home_get_store (home), NULL, g_get_real_time () / 1000);
  csv = bn_services_to_csv (services);
  if (!g_file_set_contents (argv[2], csv, -1, &error))
    return bn_cli_fail_error (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u service to %s.\n",
                        "Wrote %u services to %s.\n", services->len),
           services->len, argv[2]);
  return 0;
}

/* service add|edit|remove|import|export ... */
int
bn_cli_cmd_service (BnCliContext       *ctx,
                    const BnCliCommand *self,
                    int                 argc,
                    char              **argv)
{
  const char *verb = argc > 1 ? argv[1] : "";

  if (g_str_equal (verb, "add"))
    return add_or_edit (ctx, self, argc, argv, FALSE);
  if (g_str_equal (verb, "edit"))
    return add_or_edit (ctx, self, argc, argv, TRUE);
  if (g_str_equal (verb, "remove"))
    return remove_service (ctx, self, argc, argv);
  if (g_str_equal (verb, "import"))
    return import_services (ctx, self, argc, argv);
  if (g_str_equal (verb, "export"))
    return export_services (ctx, self, argc, argv);
  if (g_str_equal (verb, "--help") || g_str_equal (verb, "-h"))
    return bn_cli_parse (ctx, self, NULL, &argc, &argv) ? 0 : 1;
  return bn_cli_fail_usage (self);
}

static const char *
cost_label (const char *cost)
{
  if (g_strcmp0 (cost, "free") == 0)
    return _("free");
  if (g_strcmp0 (cost, "paid") == 0)
    return _("paid");
  if (g_strcmp0 (cost, "means-tested") == 0)
    return _("cost depends on income");
  return NULL;
}

static const char *
access_label (const char *access)
{
  if (g_strcmp0 (access, "walk-in") == 0)
    return _("walk in");
  if (g_strcmp0 (access, "appointment") == 0)
    return _("by appointment");
  if (g_strcmp0 (access, "referral") == 0)
    return _("through a referral");
  return NULL;
}

static void
print_line (const char *label, const char *value)
{
  if (value != NULL && *value != '\0')
    g_print ("  %s: %s\n", label, value);
}

/* A service as a neighbour reads it: what, where, how to reach it. */
void
bn_cli_print_service (const BnService *s)
{
  g_autoptr(GString) categories = g_string_new (NULL);
  g_autofree char *languages = s->languages != NULL ? g_strjoinv (", ", s->languages) : NULL;
  g_autofree char *how = NULL;

  for (guint i = 0; s->categories != NULL && s->categories[i] != NULL; i++)
    g_string_append_printf (categories, "%s%s", i > 0 ? ", " : "", bn_category_label (s->categories[i]));
  g_print ("%s%s%s\n", s->name, s->org != NULL ? " — " : "", s->org != NULL ? s->org : "");
  print_line (_("Helps with"), categories->str);
  print_line (_("In words"), s->words);
  print_line (_("For"), s->audience);
  print_line (_("Languages"), languages);
  print_line (_("Area"), s->area);
  print_line (_("Address"), s->address);
  print_line (_("Phone"), s->phone);
  print_line (_("E-mail"), s->email);
  print_line (_("Website"), s->url);
  print_line (_("Hours"), s->hours);
  if (access_label (s->access) != NULL && cost_label (s->cost) != NULL)
    how = g_strdup_printf ("%s, %s", access_label (s->access), cost_label (s->cost));
  else
    how = g_strdup (access_label (s->access) ? access_label (s->access) : cost_label (s->cost));
  print_line (_("How"), how);
  print_line (_("Accessibility"), s->accessibility);
  print_line (_("Source"), s->source);
  if (s->stale)
    g_print ("  %s: %s (%s)\n", _("Last checked"), s->checked ? s->checked : "?",
             _("over a year ago: check before relying on it"));
  else
    print_line (_("Last checked"), s->checked);
  g_print ("  ID: %s\n", s->id);
}

/* services [--category C] [--json] */
int
bn_cli_cmd_services (BnCliContext       *ctx,
                     const BnCliCommand *self,
                     int                 argc,
                     char              **argv)
{
  g_autofree char *category = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category, N_("Only services for this category"), N_("CAT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts"), NULL },
    { NULL }
  };
  g_autoptr(BnHome) home = NULL;
  g_autoptr(GPtrArray) services = NULL;

  if (!bn_cli_parse (ctx, self, entries, &argc, &argv) || bn_cli_expect_args (self, argc, 1))
    return 1;
  if (category != NULL && !bn_category_is_valid (category))
    return bn_cli_fail (_("“%s” is not a category"), category);
  if ((home = bn_cli_open_home_for_reading (ctx)) == NULL)
    return 1;
  services = bn_store_list_services (bn_home_get_store (home), category, g_get_real_time () / 1000);
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < services->len; i++)
        json_array_add_element (array, bn_service_to_json (g_ptr_array_index (services, i)));
      json_node_take_array (root, array);
      bn_cli_print_json (root);
      return 0;
    }
  if (services->len == 0)
    g_print (_("No services listed yet. Connectors add them with “buurtnet-cli service add”.\n"));
  for (guint i = 0; i < services->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      bn_cli_print_service (g_ptr_array_index (services, i));
    }
  return 0;
}
