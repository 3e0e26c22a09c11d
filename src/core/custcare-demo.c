/* custcare-demo.c — a believable demo shop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Maple & Thread", a homeware and gift shop with two years of history. Every record is written
 * through the repositories the app itself uses (never raw SQL), with the store's clock moved to
 * when each thing happened, so the search index, the order status history, the loyalty ledger and
 * its triggers all hold exactly as they would for a real shop. Phone numbers come from the ranges
 * Ofcom keeps for drama (020 7946 0xxx, 07700 900xxx) and addresses use example.com/.org/.net, so no
 * real person can be called or mailed by mistake.
 */
#define G_LOG_DOMAIN "custcare-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-customer.h"
#include "custcare-demo.h"
#include "custcare-interactions.h"
#include "custcare-loyalty.h"
#include "custcare-orders.h"
#include "custcare-store-private.h"

#define DAY ((gint64) 24 * 60 * 60)
#define HOUR ((gint64) 60 * 60)

typedef struct
{
  CustcareStore *store;
  GRand         *rand;
  gint64         today;   /* the real now: nothing is placed after it */
  gint64         clock;   /* what the store's clock says while the shop's past is written */
} Demo;

static gint64
demo_clock (gpointer user_data)
{
  Demo *demo = user_data;

  return demo->clock;
}

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])

static gboolean
chance (Demo   *demo,
        double  probability)
{
  return g_rand_double (demo->rand) < probability;
}

static gint64
between (Demo   *demo,
         gint64  low,
         gint64  high)
{
  if (high <= low)
    return low;
  return low + (gint64) (g_rand_double (demo->rand) * (double) (high - low));
}

/* Shop hours, so the history does not show calls at 3 a.m. */
static gint64
during_opening_hours (Demo   *demo,
                      gint64  when)
{
  gint64 midnight = when - when % DAY;

  return midnight + 9 * HOUR + between (demo, 0, 8 * HOUR);
}

static const char *given_names[] = {
  "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Freya", "Lily", "Sophie", "Emily", "Ella",
  "Poppy", "Evie", "Chloe", "Ruby", "Hannah", "Zara", "Priya", "Aisha", "Niamh", "Siobhan",
  "Agnieszka", "Marta", "Fatima", "Mei", "Yuki", "Ingrid", "Elena", "Lucía", "Chiara",
  "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Oscar", "Charlie", "Jacob",
  "Thomas", "James", "William", "Samuel", "Daniel", "Joseph", "Rhys", "Callum", "Euan", "Hamish",
  "Arjun", "Rohan", "Omar", "Yusuf", "Kwame", "Tomasz", "Piotr", "Mateo", "Luca", "Kenji",
};

static const char *family_names[] = {
  "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
  "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
  "Clarke", "Patel", "Khan", "Lewis", "Harris", "Martin", "Cooper", "King", "Lee", "Baker",
  "Harrison", "Morgan", "Allen", "Young", "Mitchell", "Kelly", "Murphy", "O’Brien", "MacDonald",
  "Campbell", "Stewart", "Fraser", "Hughes", "Edwards", "Price", "Ahmed", "Begum", "Singh",
  "Nowak", "Kowalski", "Rossi", "García", "Fernández", "Nakamura", "Chen", "Okafor", "Mensah",
  "Andersson", "Novak", "Byrne", "Doyle",
};

static const char *companies[] = {
  "Hartley Florists", "The Copper Kettle", "Brook Street Dental", "Rivermead Primary School",
  "Greenway Lettings", "Ashdown Architects", "Bluebell Café", "Harbour View Hotel",
  "St Anne’s Parish Office", "Kingfisher Yoga", "Oakridge Vets", "Northgate Surveyors",
  "Little Acorns Nursery", "The Salt House", "Fenwick & Daughters", "Millbrook Bakery",
  "Hollis Law", "Tidewater Studios", "Quayside Gallery", "Elm Tree Care Home",
};

static const char *streets[] = {
  "High Street", "Church Lane", "Station Road", "Mill Lane", "Victoria Road", "Park Avenue",
  "Queen Street", "The Green", "Orchard Close", "Chapel Row", "Harbour Road", "Meadow Way",
  "Kings Road", "Willow Crescent", "North Parade", "Castle Hill",
};

static const struct { const char *town; const char *postcode; } towns[] = {
  { "Bristol", "BS1" }, { "Bristol", "BS6" }, { "Bath", "BA1" }, { "Clevedon", "BS21" },
  { "Portishead", "BS20" }, { "Keynsham", "BS31" }, { "Weston-super-Mare", "BS23" },
  { "Nailsea", "BS48" }, { "Frome", "BA11" }, { "Wells", "BA5" },
};

static const char *email_domains[] = { "example.com", "example.org", "example.net", "mail.example.com" };

static const char *tag_names[] = {
  "VIP", "Regular", "Wholesale", "Trade", "Newsletter", "Gift buyer", "Local", "Wedding list",
  "Birthday club", "Corporate gifts",
};

static const char *customer_notes[] = {
  "Prefers a call after 5 pm.",
  "Allergic to lavender: no scented samples.",
  "Buys a hamper for her mother every Christmas.",
  "Pays on account, invoices to the office address.",
  "Likes to hear about new ceramics first.",
  "Parking outside is difficult: offer delivery.",
  "Collects the blue glaze range.",
  "Hard of hearing: email is better than phone.",
  "",
  "",
  "",
};

static const char *preferences[] = {
  "Gift wrap everything", "Email, not phone", "Delivery on Saturdays", "No marketing calls",
  "Brown paper, no plastic", "", "", "",
};

static const struct { const char *description; gint64 unit_price; } products[] = {
  { "Linen tea towel, sage", 1250 },
  { "Stoneware mug, blue glaze", 1800 },
  { "Hand-poured candle, fig & cedar", 2400 },
  { "Olive wood serving board", 3900 },
  { "Merino throw, oatmeal", 8900 },
  { "Enamel jug, 1 l", 2600 },
  { "Set of 4 linen napkins", 3200 },
  { "Rattan basket, large", 4500 },
  { "Botanical print, A3", 2800 },
  { "Brass candle holder", 1900 },
  { "Ceramic planter, speckled", 3400 },
  { "Gift hamper, small", 4500 },
  { "Gift hamper, luxury", 12000 },
  { "Wool cushion cover", 3800 },
  { "Beeswax food wraps, set of 3", 1500 },
  { "Greetings card", 350 },
  { "Gift wrapping", 400 },
  { "Personalised engraving", 1200 },
};

static const char *carriers[] = { "Royal Mail", "DPD", "Evri", "Local courier" };

/* --- customers ------------------------------------------------------------------------------- */

static char *
ascii_slug (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (slug, g_ascii_tolower (*p));

  return g_string_free (slug, FALSE);
}

static gint64
add_customer (Demo    *demo,
              guint    index,
              GError **error)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  const char *given = PICK (demo, given_names);
  const char *family = PICK (demo, family_names);
  g_autofree char *given_slug = ascii_slug (given);
  g_autofree char *family_slug = ascii_slug (family);
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *street = NULL;
  guint town = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (towns));
  g_autofree char *postcode = NULL;
  g_autoptr (GPtrArray) tags = g_ptr_array_new_null_terminated (4, NULL, TRUE);
  guint n_tags;

  /* Every sixth customer is a business, known by its name. */
  if (index % 6 == 5)
    {
      const char *company = companies[index / 6 % G_N_ELEMENTS (companies)];
      g_autofree char *company_slug = ascii_slug (company);

      custcare_customer_set_display_name (customer, company);
      custcare_customer_set_company (customer, company);
      custcare_customer_set_given_name (customer, given);
      custcare_customer_set_family_name (customer, family);
      email = g_strdup_printf ("orders@%s.example.com", company_slug);
      phone = g_strdup_printf ("0117 496 %04u", index % 1000);
      custcare_customer_add_phone (customer, _("Work"), phone);
      custcare_customer_add_email (customer, _("Work"), email);
    }
  else
    {
      custcare_customer_set_given_name (customer, given);
      custcare_customer_set_family_name (customer, family);
      if (chance (demo, 0.15))
        custcare_customer_set_company (customer, PICK (demo, companies));
      switch (g_rand_int_range (demo->rand, 0, 3))
        {
        case 0:
          email = g_strdup_printf ("%s.%s@%s", given_slug, family_slug, PICK (demo, email_domains));
          break;
        case 1:
          email = g_strdup_printf ("%c%s%u@%s", given_slug[0], family_slug, index % 90 + 10,
                                   PICK (demo, email_domains));
          break;
        default:
          email = g_strdup_printf ("%s.%s%u@%s", given_slug, family_slug, index, PICK (demo, email_domains));
          break;
        }
      phone = g_strdup_printf ("07700 900%03u", index % 1000);
      custcare_customer_add_phone (customer, _("Mobile"), phone);
      if (chance (demo, 0.3))
        {
          g_autofree char *home = g_strdup_printf ("020 7946 0%03u", (index * 7) % 1000);
          custcare_customer_add_phone (customer, _("Home"), home);
        }
      if (chance (demo, 0.9))
        custcare_customer_add_email (customer, _("Personal"), email);
      if (chance (demo, 0.6))
        custcare_customer_set_birthday (customer, chance (demo, 0.5) ? (int) between (demo, 1945, 2004) : 0,
                                        (int) between (demo, 1, 13), (int) between (demo, 1, 29));
    }

  street = g_strdup_printf ("%d %s", (int) between (demo, 1, 180), PICK (demo, streets));
  postcode = g_strdup_printf ("%s %d%c%c", towns[town].postcode, (int) between (demo, 1, 10),
                              'A' + (int) between (demo, 0, 26), 'A' + (int) between (demo, 0, 26));
  custcare_customer_set_address_street (customer, street);
  custcare_customer_set_address_locality (customer, towns[town].town);
  custcare_customer_set_address_postal_code (customer, postcode);
  custcare_customer_set_address_country (customer, "United Kingdom");
  custcare_customer_set_notes (customer, PICK (demo, customer_notes));
  custcare_customer_set_preferences (customer, PICK (demo, preferences));

  n_tags = g_rand_int_range (demo->rand, 0, 3);
  for (guint i = 0; i < n_tags; i++)
    {
      const char *tag = PICK (demo, tag_names);
      if (!g_ptr_array_find_with_equal_func (tags, tag, g_str_equal, NULL))
        g_ptr_array_add (tags, (gpointer) tag);
    }
  if (index % 6 == 5)
    g_ptr_array_add (tags, (gpointer) "Trade");
  custcare_customer_set_tags (customer, (const char * const *) tags->pdata);

  if (chance (demo, 0.6))
    custcare_customer_set_marketing_consent (customer, TRUE, demo->clock);
  else if (chance (demo, 0.08))
    custcare_customer_set_do_not_contact (customer, TRUE);

  return custcare_customer_repo_insert (demo->store, customer, error);
}

/* --- orders ---------------------------------------------------------------------------------- */

static gboolean
move (Demo                *demo,
      gint64               order_id,
      CustcareOrderStatus *status,
      CustcareOrderStatus  to,
      gint64               after,
      gint64               refund,
      const char          *note,
      GError             **error)
{
  demo->clock = MIN (demo->clock + after, demo->today - 60);
  if (!custcare_orders_change_status (demo->store, order_id, *status, to, refund, note, error))
    return FALSE;
  *status = to;
  return TRUE;
}

/* An order placed at @placed_at, moved along the pipeline as far as its age allows. */
static gboolean
add_order (Demo     *demo,
           gint64    customer_id,
           gint64    placed_at,
           gboolean  trade,
           GError  **error)
{
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  CustcareOrderStatus status = CUSTCARE_ORDER_STATUS_NEW;
  gint64 age = demo->today - placed_at;
  gboolean delivery = chance (demo, 0.4);
  guint n_lines = g_rand_int_range (demo->rand, 1, 4);
  gint64 order_id;
  gint64 balance = 0;

  demo->clock = placed_at;
  custcare_order_set_customer_id (order, customer_id);
  custcare_order_set_placed_at (order, placed_at);
  custcare_order_set_fulfilment (order, delivery ? CUSTCARE_FULFILMENT_DELIVERY : CUSTCARE_FULFILMENT_PICKUP);
  custcare_order_set_due_at (order, during_opening_hours (demo, placed_at + between (demo, 2, 10) * DAY));
  for (guint i = 0; i < n_lines; i++)
    {
      guint product = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (products));
      gint64 quantity = trade ? between (demo, 3, 13) : (chance (demo, 0.75) ? 1 : between (demo, 2, 5));

      custcare_order_add_line (order, products[product].description, quantity, products[product].unit_price);
    }
  if (trade)
    custcare_order_set_discount (order, custcare_order_get_subtotal (order) / 10);
  if (chance (demo, 0.15))
    custcare_order_set_notes (order, chance (demo, 0.5) ? _("Gift: please leave the price off")
                                                        : _("Customer will collect after 4 pm"));

  order_id = custcare_orders_insert (demo->store, order, error);
  if (order_id <= 0)
    return FALSE;

  /* Regular customers spend some of their points now and then. */
  if (!custcare_loyalty_get_balance (demo->store, customer_id, &balance, error))
    return FALSE;
  if (balance >= 500 && chance (demo, 0.35))
    {
      gint64 points = MIN (balance, custcare_order_get_total (order)) / 100 * 100;

      if (points > 0 && !custcare_loyalty_redeem_on_order (demo->store, order_id, points, error))
        return FALSE;
    }

  /* A few orders are cancelled early; the rest move on as far as their age allows. */
  if (chance (demo, 0.05))
    return move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_CANCELLED, between (demo, HOUR, 2 * DAY), 0,
                 _("The customer changed their mind"), error);

  if (age < 6 * HOUR)
    return TRUE;
  if (!move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_CONFIRMED, between (demo, HOUR, 5 * HOUR), 0, "", error))
    return FALSE;
  if (age < 2 * DAY && chance (demo, 0.6))
    return TRUE;
  if (!move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_IN_PROGRESS, between (demo, 4 * HOUR, DAY), 0, "", error))
    return FALSE;
  if (age < 5 * DAY && chance (demo, 0.6))
    return TRUE;

  if (delivery)
    {
      g_autoptr (CustcareOrder) stored = custcare_orders_get (demo->store, order_id, error);
      g_autofree char *tracking = NULL;

      if (stored == NULL)
        return FALSE;
      tracking = g_strdup_printf ("DM%09u", g_rand_int_range (demo->rand, 0, 999999999));
      custcare_order_set_carrier (stored, PICK (demo, carriers));
      custcare_order_set_tracking_number (stored, tracking);
      if (!custcare_orders_update (demo->store, stored, error))
        return FALSE;
      if (!move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_SHIPPED, between (demo, DAY, 3 * DAY), 0, "", error))
        return FALSE;
    }
  else if (!move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_READY, between (demo, DAY, 3 * DAY), 0, "", error))
    return FALSE;

  if (age < 9 * DAY && chance (demo, 0.7))
    return TRUE;
  if (!move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_COMPLETED, between (demo, 6 * HOUR, 4 * DAY), 0,
             delivery ? _("Delivered") : _("Collected"), error))
    return FALSE;

  /* Now and then something comes back. */
  if (chance (demo, 0.05))
    {
      g_autoptr (CustcareOrder) completed = custcare_orders_get (demo->store, order_id, error);
      gint64 refundable;

      if (completed == NULL)
        return FALSE;
      refundable = custcare_order_get_refundable (completed);
      if (refundable > 0)
        return move (demo, order_id, &status, CUSTCARE_ORDER_STATUS_RETURNED, between (demo, DAY, 14 * DAY),
                     chance (demo, 0.5) ? refundable : refundable / 2,
                     _("Arrived chipped; refunded"), error);
    }
  return TRUE;
}

/* --- interactions ---------------------------------------------------------------------------- */

static const struct
{
  CustcareChannel channel;
  CustcareDirection direction;
  const char *subject;
  const char *notes;
  CustcareOutcome outcome;
} conversations[] = {
  { CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_INBOUND, N_("Is my order ready?"),
    N_("Checked the order: ready tomorrow morning."), CUSTCARE_OUTCOME_INFORMATION },
  { CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_INBOUND, N_("Wedding list question"),
    N_("Wants to add the blue glaze mugs to the list. Call back when the new batch arrives."),
    CUSTCARE_OUTCOME_FOLLOW_UP },
  { CUSTCARE_CHANNEL_IN_PERSON, CUSTCARE_DIRECTION_INBOUND, N_("Looking for a birthday present"),
    N_("Chose a candle and a card; very happy with the gift wrapping."), CUSTCARE_OUTCOME_SALE },
  { CUSTCARE_CHANNEL_EMAIL, CUSTCARE_DIRECTION_INBOUND, N_("Chipped mug"),
    N_("Sent a photo of a chipped mug. Offered a replacement or a refund."), CUSTCARE_OUTCOME_COMPLAINT },
  { CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_OUTBOUND, N_("Your order has arrived"),
    N_("No answer."), CUSTCARE_OUTCOME_NO_ANSWER },
  { CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_OUTBOUND, N_("Hamper for the office"),
    N_("Left a message about the corporate hamper prices."), CUSTCARE_OUTCOME_LEFT_MESSAGE },
  { CUSTCARE_CHANNEL_CHAT, CUSTCARE_DIRECTION_INBOUND, N_("Opening hours at Christmas"),
    N_("Sent the holiday opening hours."), CUSTCARE_OUTCOME_RESOLVED },
  { CUSTCARE_CHANNEL_SOCIAL, CUSTCARE_DIRECTION_INBOUND, N_("Loved the new throws"),
    N_("Asked whether the oatmeal throw comes in grey. Promised to check with the supplier."),
    CUSTCARE_OUTCOME_FOLLOW_UP },
  { CUSTCARE_CHANNEL_IN_PERSON, CUSTCARE_DIRECTION_INBOUND, N_("Return of a cushion cover"),
    N_("Wrong colour for the sofa. Exchanged for the sage one."), CUSTCARE_OUTCOME_RESOLVED },
  { CUSTCARE_CHANNEL_LETTER, CUSTCARE_DIRECTION_INBOUND, N_("Thank-you card"),
    N_("A lovely card thanking us for the engraving."), CUSTCARE_OUTCOME_OTHER },
  { CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_INBOUND, N_("Delivery was late"),
    N_("The courier was two days late. Apologised and added points."), CUSTCARE_OUTCOME_COMPLAINT },
  { CUSTCARE_CHANNEL_EMAIL, CUSTCARE_DIRECTION_OUTBOUND, N_("Quote for 20 tea towels"),
    N_("Sent the trade price for 20 printed tea towels. Chase next week."), CUSTCARE_OUTCOME_FOLLOW_UP },
};

static gboolean
add_interaction (Demo     *demo,
                 gint64    customer_id,
                 gint64    when,
                 GError  **error)
{
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();
  guint which = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (conversations));

  demo->clock = when;
  custcare_interaction_set_customer_id (interaction, customer_id);
  custcare_interaction_set_occurred_at (interaction, when);
  custcare_interaction_set_channel (interaction, conversations[which].channel);
  custcare_interaction_set_direction (interaction, conversations[which].direction);
  custcare_interaction_set_subject (interaction, _(conversations[which].subject));
  custcare_interaction_set_notes (interaction, _(conversations[which].notes));
  custcare_interaction_set_outcome (interaction, conversations[which].outcome);
  if (conversations[which].channel == CUSTCARE_CHANNEL_PHONE)
    custcare_interaction_set_duration (interaction, between (demo, 40, 600));
  if (chance (demo, 0.5))
    custcare_interaction_set_satisfaction (interaction,
                                           conversations[which].outcome == CUSTCARE_OUTCOME_COMPLAINT
                                             ? (int) between (demo, 1, 4) : (int) between (demo, 4, 6));
  if (conversations[which].outcome == CUSTCARE_OUTCOME_FOLLOW_UP)
    {
      /* Follow-ups a week after the call: recent ones are still open (some overdue), older ones done. */
      gint64 due = during_opening_hours (demo, when + 7 * DAY);

      custcare_interaction_set_follow_up_due_at (interaction, due);
      if (due < demo->today - 3 * DAY && chance (demo, 0.85))
        custcare_interaction_set_follow_up_done_at (interaction, MIN (due, demo->today - DAY));
    }

  return custcare_interactions_add (demo->store, interaction, error) > 0;
}

/* --- the shop -------------------------------------------------------------------------------- */

static gboolean
set_shop_details (Demo    *demo,
                  GError **error)
{
  static const struct { const char *key; const char *value; } details[] = {
    { "shop.name", "Maple & Thread" },
    { "shop.address", "14 Chapel Row, Bristol BS1 4QT" },
    { "shop.phone", "0117 496 0123" },
    { "shop.email", "hello@mapleandthread.example.com" },
  };
  g_autofree char *currency = custcare_store_get_setting (demo->store, "shop.currency");

  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    {
      g_autofree char *current = custcare_store_get_setting (demo->store, details[i].key);

      if ((current == NULL || *current == '\0') &&
          !custcare_store_set_setting (demo->store, details[i].key, details[i].value, error))
        return FALSE;
    }
  /* The prices above are in pence. */
  if ((currency == NULL || *currency == '\0') &&
      !custcare_store_set_setting (demo->store, "shop.currency", "GBP", error))
    return FALSE;
  return TRUE;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gboolean
add_history (Demo    *demo,
             gint64   customer_id,
             gint64   joined,
             guint    index,
             GError **error)
{
  gboolean trade = index % 6 == 5;
  /* Most customers come back a few times; some only once; a few are regulars. */
  guint n_orders = chance (demo, 0.15) ? g_rand_int_range (demo->rand, 5, 12) : g_rand_int_range (demo->rand, 0, 4);
  guint n_calls = g_rand_int_range (demo->rand, 0, 6);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n_orders; i++)
    {
      gint64 when = during_opening_hours (demo, between (demo, joined, demo->today - HOUR));
      g_array_append_val (times, when);
    }
  /* And the last few days' orders, still on their way through the pipeline; some from the last
   * few hours, still new whatever the time of day (the opening hours above are in UTC, so late
   * in the evening they alone leave no order young enough to be new). */
  if (chance (demo, 0.1))
    {
      gint64 when = demo->today - (chance (demo, 0.3) ? between (demo, HOUR, 5 * HOUR) : between (demo, HOUR, 4 * DAY));
      g_array_append_val (times, when);
    }
  g_array_sort (times, compare_times);
  for (guint i = 0; i < times->len; i++)
    {
      gint64 when = MIN (g_array_index (times, gint64, i), demo->today - HOUR);
      if (!add_order (demo, customer_id, when, trade, error))
        return FALSE;
    }

  for (guint i = 0; i < n_calls; i++)
    {
      gint64 when = MIN (during_opening_hours (demo, between (demo, joined, demo->today)), demo->today - 60);
      if (!add_interaction (demo, customer_id, when, error))
        return FALSE;
    }

  /* Goodwill points, always with a reason, as the shop's rules ask. */
  if (chance (demo, 0.08))
    {
      demo->clock = MIN (during_opening_hours (demo, between (demo, joined, demo->today)), demo->today - 60);
      if (!custcare_loyalty_adjust (demo->store, customer_id, chance (demo, 0.5) ? 100 : 250,
                                    chance (demo, 0.5) ? _("Birthday bonus") : _("Sorry for the late delivery"),
                                    error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
create_shop (Demo    *demo,
             GError **error)
{
  g_autoptr (GArray) joined = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!set_shop_details (demo, error))
    return FALSE;

  /* Customers join over two years, oldest first, so their ids follow the shop's history. */
  for (guint i = 0; i < CUSTCARE_DEMO_CUSTOMERS; i++)
    {
      gint64 when = during_opening_hours (demo, demo->today - between (demo, 2 * DAY, 730 * DAY));
      g_array_append_val (joined, when);
    }
  g_array_sort (joined, compare_times);

  for (guint i = 0; i < joined->len; i++)
    {
      gint64 when = MIN (g_array_index (joined, gint64, i), demo->today - DAY);
      gint64 customer_id;

      demo->clock = when;
      customer_id = add_customer (demo, i, error);
      if (customer_id <= 0)
        return FALSE;
      if (!add_history (demo, customer_id, when, i, error))
        return FALSE;
      /* A few customers have moved away or closed down. */
      if (i % 40 == 7)
        {
          demo->clock = demo->today - DAY;
          if (!custcare_customer_repo_archive (demo->store, customer_id, TRUE, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
custcare_demo_create (CustcareStore  *store,
                      guint32         seed,
                      gboolean       *out_created,
                      GError        **error)
{
  Demo demo = { 0 };
  gint64 active, archived;
  gboolean ok;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (out_created != NULL)
    *out_created = FALSE;

  active = custcare_customer_repo_count (store, FALSE, error);
  if (active < 0)
    return FALSE;
  archived = custcare_customer_repo_count (store, TRUE, error);
  if (archived < 0)
    return FALSE;
  if (active + archived > 0)
    return TRUE;

  demo.store = store;
  demo.rand = g_rand_new_with_seed (seed);
  demo.today = _custcare_store_now (store);
  demo.clock = demo.today;

  /* Each record is its own transaction, as in the app: a failure part-way leaves the customers
   * written so far intact and consistent. */
  _custcare_store_set_clock (store, demo_clock, &demo);
  ok = create_shop (&demo, error);
  _custcare_store_set_clock (store, NULL, NULL);

  g_rand_free (demo.rand);

  if (ok && out_created != NULL)
    *out_created = TRUE;
  return ok;
}
