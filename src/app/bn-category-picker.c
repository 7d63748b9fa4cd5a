/* bn-category-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-category-picker.h"
#include "bn-core.h"

#include <glib/gi18n.h>

struct _BnCategoryPicker
{
  GtkWidget parent_instance;

  GtkWidget *flow;       /* Owned (the only child) */
  GPtrArray *toggles;    /* (element-type GtkToggleButton), borrowed, in category order */
  gboolean   multiple;
};

G_DEFINE_FINAL_TYPE (BnCategoryPicker, bn_category_picker, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_MULTIPLE, N_PROPS };
enum { CHANGED, N_SIGNALS };
static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_toggled (BnCategoryPicker *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The chips are one stop for Tab, as a group of radio buttons is: only one
 * chip at a time can take the focus (the one last focused, else the first
 * chosen, else the first), and the arrow keys move within the group. */
static void
make_tab_stop (BnCategoryPicker *self,
               GtkWidget        *chip)
{
  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkWidget *toggle = g_ptr_array_index (self->toggles, i);
      gtk_widget_set_focusable (toggle, toggle == chip);
    }
}

static GtkWidget *
first_chosen_or_first (BnCategoryPicker *self)
{
  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->toggles, i);
      if (gtk_toggle_button_get_active (toggle))
        return GTK_WIDGET (toggle);
    }
  return self->toggles->len > 0 ? g_ptr_array_index (self->toggles, 0) : NULL;
}

static void
on_chip_focused (GtkEventControllerFocus *focus,
                 BnCategoryPicker        *self)
{
  make_tab_stop (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)));
}

/* Left and Up go back, Right and Down on, Home and End to either end;
 * as in a text, the arrows do not wrap round. */
static gboolean
on_key_pressed (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BnCategoryPicker      *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  guint index, target;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0
      || focus == NULL || !g_ptr_array_find (self->toggles, focus, &index))
    return GDK_EVENT_PROPAGATE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
      target = rtl ? index + 1 : index - 1;
      break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right:
      target = rtl ? index - 1 : index + 1;
      break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      target = index - 1;
      break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      target = index + 1;
      break;
    case GDK_KEY_Home: case GDK_KEY_KP_Home:
      target = 0;
      break;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      target = self->toggles->len - 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }
  if (target < self->toggles->len)   /* guint: before the first is past the end */
    {
      GtkWidget *chip = g_ptr_array_index (self->toggles, target);
      make_tab_stop (self, chip);
      gtk_widget_grab_focus (chip);
    }
  return GDK_EVENT_STOP;
}

static GtkWidget *
make_chip (const BnCategory *category)
{
  GtkWidget *toggle = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *label = g_dgettext (GETTEXT_PACKAGE, category->label);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (category->icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_button_set_child (GTK_BUTTON (toggle), box);
  gtk_widget_add_css_class (toggle, "bn-chip");
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (toggle), "bn-category", (gpointer) category->id);
  return toggle;
}

/* The flow box's own cell around a chip says nothing a screen reader should
 * read (it would be "GtkFlowBoxChild"), and takes no focus: the chip does.
 * (GTK 4.8 leaves a "presentation" widget's children out of the
 * accessibility tree altogether, so the cell is a plain group.) */
static GtkWidget *
make_cell (GtkWidget *chip)
{
  GtkWidget *cell = g_object_new (GTK_TYPE_FLOW_BOX_CHILD,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                  "focusable", FALSE,
                                  "child", chip,
                                  NULL);
  return cell;
}

static void
build (BnCategoryPicker *self)
{
  guint n = 0;
  const BnCategory *categories = bn_categories (&n);
  GtkToggleButton *group = NULL;

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *chip = make_chip (&categories[i]);

      if (!self->multiple)
        {
          if (group != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (chip), group);
          else
            group = GTK_TOGGLE_BUTTON (chip);
        }
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_object (chip, "toggled", G_CALLBACK (on_toggled), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (focus, "enter", G_CALLBACK (on_chip_focused), self, 0);
      gtk_widget_add_controller (chip, focus);
      gtk_flow_box_append (GTK_FLOW_BOX (self->flow), make_cell (chip));
      g_ptr_array_add (self->toggles, chip);
    }
  make_tab_stop (self, first_chosen_or_first (self));
}

/* Returns: (transfer full): the chosen category IDs, in category order */
GStrv
bn_category_picker_get_selected (BnCategoryPicker *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->toggles, i);
      if (gtk_toggle_button_get_active (toggle))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (toggle), "bn-category"));
    }
  return g_strv_builder_end (builder);
}

/* Returns: (nullable): the first chosen category */
const char *
bn_category_picker_get_selected_one (BnCategoryPicker *self)
{
  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->toggles, i);
      if (gtk_toggle_button_get_active (toggle))
        return g_object_get_data (G_OBJECT (toggle), "bn-category");
    }
  return NULL;
}

void
bn_category_picker_set_selected (BnCategoryPicker   *self,
                                 const char *const  *ids)
{
  for (guint i = 0; i < self->toggles->len; i++)
    {
      GtkToggleButton *toggle = g_ptr_array_index (self->toggles, i);
      const char *id = g_object_get_data (G_OBJECT (toggle), "bn-category");
      gtk_toggle_button_set_active (toggle, ids != NULL && g_strv_contains (ids, id));
    }
  make_tab_stop (self, first_chosen_or_first (self));
}

/* Tab enters the group at its one stop and leaves it from any chip: the flow
 * box would look for the next cell, and find none that takes the focus. */
static gboolean
bn_category_picker_focus (GtkWidget        *widget,
                          GtkDirectionType  direction)
{
  BnCategoryPicker *self = BN_CATEGORY_PICKER (widget);
  GtkWidget *stop = NULL;

  if (gtk_widget_get_focus_child (widget) != NULL)
    return FALSE;
  for (guint i = 0; i < self->toggles->len && stop == NULL; i++)
    if (gtk_widget_get_focusable (g_ptr_array_index (self->toggles, i)))
      stop = g_ptr_array_index (self->toggles, i);
  return stop != NULL && gtk_widget_grab_focus (stop);
}

static void
bn_category_picker_constructed (GObject *object)
{
  BnCategoryPicker *self = BN_CATEGORY_PICKER (object);

  G_OBJECT_CLASS (bn_category_picker_parent_class)->constructed (object);
  build (self);
}

static void
bn_category_picker_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  BnCategoryPicker *self = BN_CATEGORY_PICKER (object);

  switch (prop_id)
    {
    case PROP_MULTIPLE:
      self->multiple = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_category_picker_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  BnCategoryPicker *self = BN_CATEGORY_PICKER (object);

  switch (prop_id)
    {
    case PROP_MULTIPLE:
      g_value_set_boolean (value, self->multiple);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bn_category_picker_dispose (GObject *object)
{
  BnCategoryPicker *self = BN_CATEGORY_PICKER (object);

  g_clear_pointer (&self->flow, gtk_widget_unparent);
  g_clear_pointer (&self->toggles, g_ptr_array_unref);
  G_OBJECT_CLASS (bn_category_picker_parent_class)->dispose (object);
}

static void
bn_category_picker_class_init (BnCategoryPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bn_category_picker_constructed;
  object_class->set_property = bn_category_picker_set_property;
  object_class->get_property = bn_category_picker_get_property;
  object_class->dispose = bn_category_picker_dispose;
  widget_class->focus = bn_category_picker_focus;

  properties[PROP_MULTIPLE] =
    g_param_spec_boolean ("multiple", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "bn-category-picker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bn_category_picker_init (BnCategoryPicker *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->toggles = g_ptr_array_new ();
  /* A plain wrapping of chips, not a table a screen reader walks cell by cell. */
  self->flow = g_object_new (GTK_TYPE_FLOW_BOX,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                             NULL);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 6);
  gtk_widget_set_parent (self->flow, GTK_WIDGET (self));
  /* Before the flow box's own arrow keys, which move among cells that take no focus. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
bn_category_picker_new (gboolean multiple)
{
  return g_object_new (BN_TYPE_CATEGORY_PICKER, "multiple", multiple, NULL);
}
