// The cameras of the live session, rendered in the browser from row deltas (see device_board.py).
// One instance per page; the server sends only changed rows, numbered, and a board that misses a
// number asks for the whole set again ("resync"). The board acknowledges what it holds as the
// browser starts drawing it ("ack"): the server sends nothing more until then, and what changed
// meanwhile in one message. Strings from the Pi are rendered as text only.
// Every word shown comes from the `texts` prop's strings (the page's language, device_board.py);
// `fmt` fills in their {fields}.

const FILTERS = ["all", "failed", "waiting", "verified", "unlisted"];
const VIEW_KEY = "pidash.deviceView";
const RESYNC_WAIT_MS = 5000;
const KIOSK_PAGE_MS = 8000;
// The tile's height and the pager's with the gap above it, as kiosk.py's CSS sets them for this screen
// (--pd-kiosk-tile-h, --pd-kiosk-pager-h; a short screen has smaller ones); these when unset.
const KIOSK_TILE_PX = 120;
const KIOSK_PAGER_PX = 56;
// How far outside the viewport a card shows its details: half a viewport. (Chromium's own skip event
// for content-visibility: auto keeps about 1.5 viewports rendered each side: twice the cards with
// details, and more CPU with 20 pages open, than this observer costs.)
const NEAR_MARGIN = "50% 0px";
// The cards go in chunks of this many grid rows (DeviceChunk): the browser checks the chunks, not
// every card, for what is near the viewport and what it may skip (content-visibility), and a camera
// more renders its chunk, not the whole list.
const CHUNK_ROWS = 4;

function fmt(template, fields) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in fields ? String(fields[name]) : whole));
}

function matches(row, filter) {
  switch (filter) {
    case "failed":
      return row.failed;
    case "waiting":
      return !row.failed && row.state !== "verified";
    case "verified":
      return row.state === "verified";
    case "unlisted":
      return !row.allowlisted;
    default:
      return true;
  }
}

function stepIcon(row, index) {
  if (row.step > index || (row.step === index && row.state === "verified")) return "check_circle";
  if (row.step === index) return row.failed ? "cancel" : "radio_button_checked";
  return "circle";
}

function stepColor(row, index) {
  if (row.failed && row.step === index) return "text-negative";
  if (row.step > index || (row.step === index && row.state === "verified")) return "text-positive";
  return row.step === index ? "text-primary" : "text-grey-5";
}

const IN_FLIGHT = ["provisioning", "provisioned", "verifying"];

// Elapsed times ("Provisioning for 12 s") and retry countdowns ("Retry in 9 s") are written into
// their element directly: when their card renders (v-tick) and once a second by the board while the
// page is visible. No card re-renders for the clock; a countdown's card renders once more when its
// deadline passes (the board then moves clock.now), which enables its button.
let pageStrings = null; // the page's strings (one language per page), set by the board when created

function elapsed(seconds) {
  // by the second for the first minute, then by the minute: fewer layouts on a long batch
  return seconds < 60 ? fmt(pageStrings.seconds, { seconds }) : fmt(pageStrings.minutes, { minutes: Math.floor(seconds / 60) });
}

function tickText(data, now) {
  if (data.until) return fmt(data.template, { seconds: Math.max(0, Math.ceil(Number(data.until) - now)) });
  const seconds = Math.max(0, Math.round(now - Number(data.since)));
  return fmt(pageStrings.timing, { state: data.label, time: elapsed(seconds), attempt: data.attempt });
}

function tick(el, now) {
  const text = tickText(el.dataset, now);
  if (el.textContent !== text) el.textContent = text;
}

const TICKED = "[data-since], [data-until]";
const vTick = {
  mounted: (el) => tick(el, Date.now() / 1000),
  updated: (el) => tick(el, Date.now() / 1000),
};

// A button that looks like Quasar's QBtn (same classes) without its set-up (ripple, router link,
// loading state), written into the card's template: no component per button. A card's buttons come
// and go with its state, and 50 cards changing at once mount or drop 100 of them. Measured in one
// page, 50 cards discovered <-> provisioning (Vue's patch; the page's main thread per change): QBtn
// 19-22 ms; a small component of our own 11-12 ms, 31-33 ms; written inline 9-11 ms, 21-28 ms.
// `look`: flat | outline | unelevated; `paint`: its colour classes; `disabled` and `label`: template
// expressions; `countdown`: the expression of a "Retry in {seconds} s" template, shown instead of the
// label while the Pi asks to wait (`wait`, the card's). A disabled button fires no click.
const BTN_CLASS = "q-btn q-btn-item non-selectable no-outline q-btn--rectangle q-btn--no-uppercase";
function button({ look, paint, dense = false, icon = "", label, disabled = "false", attrs = "", countdown = "" }) {
  const shown = countdown ? `(wait > 0 ? undefined : ${label})` : `(${label})`;
  const iconHtml = icon
    ? `<i class="q-icon material-icons" :class="{ 'on-left': ${shown} }" aria-hidden="true">${icon}</i>`
    : "";
  const waiting = countdown
    ? `<span v-if="wait > 0" v-tick :data-until="row.retry_at" :data-template="${countdown}"></span>`
    : "";
  return `<button type="button" class="${BTN_CLASS} q-btn--${look} ${paint}${dense ? " q-btn--dense" : ""}"
            :class="(${disabled}) ? 'disabled' : 'q-btn--actionable q-focusable q-hoverable'" :disabled="(${disabled})" ${attrs}>
      <span class="q-focus-helper" tabindex="-1"></span>
      <span class="q-btn__content text-center col items-center justify-center row">${iconHtml}<span
            v-if="${shown}" class="block">{{ ${shown} }}</span>${waiting}</span>
    </button>`;
}

const actionsMixin = {
  props: { row: Object, canAct: Boolean, blockedReason: String, selected: Boolean, canAllow: Boolean, strings: Object },
  inject: ["clock"],
  emits: ["act", "select"],
  directives: { tick: vTick },
  computed: {
    // "Provisioning for 12 s · attempt 2" (v-tick): only for the steps the Pi walks by itself
    inFlight() {
      return IN_FLIGHT.includes(this.row.state) && Boolean(this.row.state_since);
    },
    attempt() {
      return Math.max(1, this.row.attempts);
    },
    selectable() {
      return this.row.can_provision || this.row.can_retry;
    },
    allowable() {
      return this.row.state === "discovered" && !this.row.allowlisted && !this.row.skipped;
    },
    skippable() {
      return this.row.can_skip;
    },
    // Seconds before the Pi accepts another attempt (it refused with a wait): the button counts down.
    // Evaluated when the deadline arrives and when the board's clock moves (only as a deadline
    // passes); the text counting down is v-tick's. Other cards never read the clock.
    wait() {
      if (!this.row.retry_at) return 0;
      const now = Math.max(this.clock.now, Date.now() / 1000);
      return Math.max(0, Math.ceil(this.row.retry_at - now));
    },
    disabled() {
      return !this.canAct || this.wait > 0;
    },
  },
  methods: {
    fmt,
    act(kind) {
      if (kind === "allow" ? this.canAllow : !this.disabled || kind === "skip" || kind === "unskip") {
        this.$emit("act", { kind, mac: this.row.mac });
      }
    },
  },
};

// A card shows its details (signal, firmware, the steps, the time in this state) only near the
// viewport (`near`, set by the board's IntersectionObserver); every card keeps its name, state (role
// status), reason and buttons, for screen readers and keyboards as much as for eyes. So a burst of
// changes costs each browser the details of the cards it shows, not of every camera of the batch.
// A card keeps its size as its state changes: its footer, always there, holds a status box of two
// lines (the time in this state, the failure's reason: two lines at most, the whole of it in the
// tooltip, to screen readers and on a tap or a click on the box, 44 px tall, since a touch screen
// has no tooltip) and a row for the buttons, at any card width. Only a reason opened by hand grows
// its card. Nothing moves under a finger, and a change lays out and paints its own card, not every
// card after it (one page, 50 cards discovered <-> provisioning: 25-32 ms of main thread per change
// against 34-41 ms when cards grew and shrank).
const DeviceCard = {
  mixins: [actionsMixin],
  props: { steps: Array, styles: Object, near: Boolean },
  data() {
    // `opened`: the reason the technician opened; another failure's reason shows folded again
    return { opened: "" };
  },
  computed: {
    open() {
      return this.opened !== "" && this.opened === this.row.reason;
    },
  },
  template: `
    <div class="q-card q-card--bordered no-shadow pd-device-card" role="listitem"
         :class="{ 'pd-skipped': row.skipped, 'pd-selected': selected }" :aria-label="fmt(strings.camera_mac, row)">
      <div class="row items-center no-wrap pd-gap-2">
        <label v-if="selectable" class="pd-check">
          <input type="checkbox" :checked="selected" :aria-label="fmt(strings.select_mac, row)"
                 @change="$emit('select', row.mac, $event.target.checked)" />
        </label>
        <i v-else class="q-icon material-icons text-primary pd-icon-md" aria-hidden="true">videocam</i>
        <div class="column pd-grow">
          <div class="pd-mono text-subtitle1 text-weight-medium">{{ row.mac }}</div>
          <div class="text-caption text-grey-7">{{ fmt(strings.ip, row) }}</div>
        </div>
        <span class="q-badge flex inline items-center no-wrap text-body2 q-px-sm q-py-xs"
              :class="'bg-' + (styles[row.state] || ['grey'])[0]" role="status" aria-live="polite">{{ row.state_label }}</span>
      </div>
      <template v-if="near">
        <div class="row pd-gap-4 text-body2 text-grey-8">
          <span class="row items-center pd-gap-1"><i class="q-icon material-icons pd-icon-xs" aria-hidden="true">network_wifi</i>{{ row.signal }}</span>
          <span class="row items-center pd-gap-1"><i class="q-icon material-icons pd-icon-xs" aria-hidden="true">memory</i>{{ fmt(strings.firmware, { version: row.firmware }) }}</span>
          <span class="row items-center pd-gap-1">
            <i class="q-icon material-icons pd-icon-xs" :class="row.allowlisted ? 'text-positive' : 'pd-warn-text'"
               aria-hidden="true">{{ row.allowlisted ? "verified_user" : "gpp_bad" }}</i>
            {{ row.allowlisted ? strings.allowlisted : strings.not_allowlisted }}
          </span>
        </div>
        <div class="row items-start no-wrap" aria-hidden="true">
          <div v-for="(step, i) in steps" :key="step[0]" class="column items-center pd-grow">
            <i class="q-icon material-icons pd-icon-sm" :class="stepColor(i)">{{ stepIcon(i) }}</i>
            <span class="pd-step-label text-grey-7">{{ step[1] }}</span>
          </div>
        </div>
      </template>
      <div v-if="row.action_error" class="pd-refusal text-body2" role="alert" data-testid="device-refusal">
        <div>{{ row.action_error }}</div>
        <div class="text-caption">
          <span class="pd-mono">{{ row.action_code }}</span>
          <span v-if="row.action_cid"> · {{ strings.correlation_id }} <span class="pd-mono">{{ row.action_cid }}</span></span>
        </div>
      </div>
      <div class="pd-card-foot">
        <button v-if="row.failed" type="button" class="pd-card-status pd-reason text-body2" :class="{ 'pd-open': open }"
                :aria-expanded="String(open)" :title="row.reason" @click="opened = open ? '' : row.reason">
          <span v-if="row.skipped" class="block text-weight-medium">{{ strings.skipped }}</span>
          <span class="row items-start no-wrap pd-gap-2">
            <i class="q-icon material-icons text-negative pd-icon-xs" aria-hidden="true">error</i>
            <span class="text-negative" :class="open ? 'pd-reason-open' : row.skipped ? 'pd-clamp-1' : 'pd-clamp-2'"
                  data-testid="device-reason">{{ row.reason }}</span>
          </span>
        </button>
        <div v-else class="pd-card-status text-body2">
          <div v-if="row.skipped" class="text-weight-medium">{{ strings.skipped }}</div>
          <div v-else-if="near && inFlight" v-tick data-testid="device-timing" :data-since="row.state_since"
               :data-label="row.state_label" :data-attempt="attempt"></div>
        </div>
        <div class="pd-card-actions">
          <q-spinner v-if="row.busy" size="sm" />
          ${button({ look: "outline", paint: "text-primary", icon: "playlist_add", label: "strings.add_to_allowlist",
                     disabled: "!canAllow", attrs: `v-if="allowable" :aria-label="fmt(strings.add_mac, row)" @click="act('allow')"` })}
          ${button({ look: "flat", paint: "text-primary", label: "row.skipped ? strings.include : strings.skip", disabled: "!canAct",
                     attrs: `v-if="skippable" :aria-label="fmt(row.skipped ? strings.include_mac : strings.skip_mac, row)"
                             @click="act(row.skipped ? 'unskip' : 'skip')"` })}
          ${button({ look: "unelevated", paint: "bg-primary text-white", icon: "send", label: "strings.provision",
                     countdown: "strings.provision_in", disabled: "disabled",
                     attrs: `v-if="row.can_provision" :title="canAct ? '' : blockedReason"
                             :aria-label="fmt(strings.provision_mac, row)" @click="act('provision')"` })}
          ${button({ look: "unelevated", paint: "bg-negative text-white", icon: "refresh", label: "strings.retry",
                     countdown: "strings.retry_in", disabled: "disabled",
                     attrs: `v-if="row.can_retry" :title="canAct ? '' : blockedReason"
                             :aria-label="fmt(strings.retry_mac, row)" @click="act('retry')"` })}
        </div>
      </div>
    </div>`,
  methods: {
    stepIcon(i) {
      return stepIcon(this.row, i);
    },
    stepColor(i) {
      return stepColor(this.row, i);
    },
  },
};

// CHUNK_ROWS rows of cards: one grid, one target of the board's nearness observer and one box that
// Chromium skips while it is far from view (content-visibility: auto, utilities.css). A board of
// 500 cameras has ~42 of them instead of 500 cards for the browser to check on every frame (measured
// before chunks: the intersection checks were the largest single item of a 500-camera page's main
// thread during a batch), and a camera discovered renders the chunk it joins, not every card.
// Chunks are role "none": to assistive technology the cards are items of the board's one list.
const DeviceChunk = {
  components: { DeviceCard },
  inject: ["nearness"],
  props: {
    macs: Array,
    byMac: Object,
    steps: Array,
    styles: Object,
    strings: Object,
    canAct: Boolean,
    blockedReason: String,
    canAllow: Boolean,
    selected: Object,
  },
  emits: ["act", "select"],
  data() {
    return { near: false };
  },
  mounted() {
    this.nearness.observe(this.$el, this);
  },
  beforeUnmount() {
    this.nearness.unobserve(this.$el);
  },
  template: `
    <div class="pd-device-grid pd-device-chunk" role="none">
      <device-card v-for="mac in macs" :key="mac" :row="byMac[mac]" :near="near" :steps="steps" :styles="styles"
                   :strings="strings" :can-act="canAct" :blocked-reason="blockedReason" :can-allow="canAllow"
                   :selected="!!selected[mac]" @act="$emit('act', $event)" @select="(mac, on) => $emit('select', mac, on)" />
    </div>`,
};

const DeviceLine = {
  mixins: [actionsMixin],
  props: { styles: Object },
  template: `
    <tr :aria-label="fmt(strings.camera_mac, row)" :class="{ 'pd-skipped': row.skipped }">
      <td class="pd-line-check">
        <label v-if="selectable" class="pd-check">
          <input type="checkbox" :checked="selected" :aria-label="fmt(strings.select_mac, row)"
                 @change="$emit('select', row.mac, $event.target.checked)" />
        </label>
      </td>
      <td class="pd-mono">{{ row.mac }}</td>
      <td><span class="q-badge text-body2 q-px-sm" :class="'bg-' + (styles[row.state] || ['grey'])[0]"
                role="status">{{ row.state_label }}</span></td>
      <td class="pd-line-detail">
        <span v-if="row.action_error" class="text-negative" role="alert">{{ row.action_error }}</span>
        <span v-else-if="row.failed" class="text-negative" data-testid="device-reason">{{ row.reason }}</span>
        <span v-else-if="row.skipped" class="text-grey-8">{{ strings.skipped }}</span>
        <span v-else-if="!row.allowlisted" class="text-grey-8">{{ strings.unlisted }}</span>
        <span v-else-if="inFlight" v-tick class="text-grey-8" :data-since="row.state_since"
              :data-label="row.state_label" :data-attempt="attempt"></span>
        <span v-else class="text-grey-8">{{ row.signal }}</span>
      </td>
      <td class="pd-line-actions">
        <q-spinner v-if="row.busy" size="sm" />
        ${button({ look: "flat", paint: "text-negative", dense: true, icon: "refresh", label: "strings.retry",
                   countdown: "strings.retry_in", disabled: "disabled",
                   attrs: `v-if="row.can_retry" :aria-label="fmt(strings.retry_mac, row)" @click="act('retry')"` })}
      </td>
    </tr>`,
};

const KioskTile = {
  props: { row: Object, styles: Object, strings: Object },
  template: `
    <div class="q-card q-pa-md pd-kiosk-tile" role="listitem" :aria-label="fmt(strings.camera_mac, row)"
         :data-testid="'kiosk-device-' + row.mac">
      <div class="row items-center no-wrap pd-gap-3">
        <i class="q-icon material-icons pd-icon-md" :class="'text-' + style[0]" aria-hidden="true">{{ style[1] }}</i>
        <span class="text-h5 pd-mono">{{ row.mac.slice(-8) }}</span>
      </div>
      <span class="q-badge text-h5 q-px-md q-py-xs" :class="'bg-' + style[0]" role="status"
            data-testid="kiosk-device-state">{{ label }}</span>
      <div v-if="row.failed" class="pd-kiosk-reason text-red-3" :title="row.reason">{{ row.reason }}</div>
    </div>`,
  computed: {
    style() {
      return this.styles[this.row.state] || ["grey", "videocam"];
    },
    label() {
      // a camera the Pi will never provision says so, instead of "Discovered" for ever
      return this.row.state === "discovered" && !this.row.allowlisted ? this.strings.unlisted : this.row.state_label;
    },
  },
  methods: { fmt },
};

// The filter with its counts. The board keeps the counts as rows change (countRow): a state change
// costs five tests, not five per camera, and re-renders this select only.
const FilterSelect = {
  inject: ["counts"],
  props: { modelValue: String, strings: Object },
  emits: ["update:modelValue"],
  data() {
    return { filters: FILTERS };
  },
  template: `
    <label class="text-body2">{{ strings.show }}
      <select :value="modelValue" :aria-label="strings.show_cameras" class="pd-select"
              @change="$emit('update:modelValue', $event.target.value)">
        <option v-for="f in filters" :key="f" :value="f">{{ strings.filters[f] }} ({{ counts[f] }})</option>
      </select>
    </label>`,
};

// The number of columns of a grid as laid out (its computed style).
function gridColumns(style) {
  return style.gridTemplateColumns.split(" ").filter(Boolean).length || 1;
}

function countRow(counts, row, sign) {
  for (const key of FILTERS) if (matches(row, key)) counts[key] += sign;
}

function countAll(rows) {
  const counts = {};
  for (const key of FILTERS) counts[key] = 0;
  for (const row of rows) countRow(counts, row, 1);
  return counts;
}

const BoardView = {
  components: { DeviceChunk, DeviceLine, KioskTile, FilterSelect },
  props: {
    snapshot: String, // JSON: the rows at the page's build, as a reset delta (shared by pages of a language)
    texts: String, // JSON: {strings, steps, styles}, the same for every page of a language
    variant: String,
    canAct: Boolean,
    canAllow: Boolean,
    blockedReason: String,
  },
  emits: ["action", "resync", "ack"],
  data() {
    const texts = JSON.parse(this.texts);
    pageStrings = texts.strings;
    const snapshot = JSON.parse(this.snapshot);
    const byMac = {};
    const order = [];
    for (const row of snapshot.rows) {
      byMac[row.mac] = row;
      order.push(row.mac);
    }
    let view = "cards";
    try {
      view = window.localStorage.getItem(VIEW_KEY) === "list" ? "list" : "cards";
    } catch (e) {
      /* storage may be disabled */
    }
    return {
      // read-only, the same for the page's life: not made reactive
      strings: Vue.markRaw(texts.strings),
      steps: Vue.markRaw(texts.steps),
      styles: Vue.markRaw(texts.styles),
      byMac,
      order,
      counts: countAll(snapshot.rows),
      seq: snapshot.version,
      resyncSince: 0,
      gateOpen: this.canAct,
      gateReason: this.blockedReason,
      view,
      filter: "all",
      clock: { now: Date.now() / 1000 },
      selected: {},
      allowOpen: this.canAllow,
      page: 0,
      perPage: 1000,
      fitted: 0,
      columns: 1, // of the card grid, as laid out (measure)
    };
  },
  provide() {
    // Given before the chunks mount (they register as they do); the observer is made by the first
    // chunk, so a kiosk (tiles, no chunks) has none. Plain, not reactive.
    const chunks = new WeakMap(); // chunk element -> its component
    const nearness = {
      observe: (el, chunk) => {
        this.nearObserver ||= new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              const near = chunks.get(entry.target);
              if (near) near.near = entry.isIntersecting;
            }
          },
          { rootMargin: NEAR_MARGIN },
        );
        chunks.set(el, chunk);
        this.nearObserver.observe(el);
      },
      unobserve: (el) => {
        this.nearObserver?.unobserve(el);
        chunks.delete(el);
      },
    };
    return { clock: this.clock, nearness, counts: this.counts };
  },
  mounted() {
    // One clock per board for the elapsed times and countdowns (the server sends the start or the
    // deadline once); the kiosk shows neither.
    if (this.variant !== "kiosk") {
      this.ticker = setInterval(this.tick, 1000);
      document.addEventListener("visibilitychange", this.tick);
      // the grid's columns, as the browser lays them out (a chunk holds CHUNK_ROWS whole rows)
      this.resizes = new ResizeObserver(this.measure);
      this.resizes.observe(this.$el);
    }
    if (this.variant === "kiosk") {
      // The kiosk shows every camera without scrolling: as many tiles as fit below the session
      // card, and the rest on pages that turn by themselves.
      this.fit();
      window.addEventListener("resize", this.fit);
      // What is above the tiles grows and shrinks by itself (an outcome line, the Pi unreachable, a
      // STALE badge): fit again at the next frame. The fit does not depend on the tiles' own height,
      // so the grid it resizes brings one more fit with the same answer, and no more.
      this.layout = new ResizeObserver(() => {
        if (this.refitDue) return;
        this.refitDue = true;
        requestAnimationFrame(() => {
          this.refitDue = false;
          this.fit();
        });
      });
      this.layout.observe(this.$el.closest(".pd-kiosk") || document.body);
      this.pager = setInterval(() => {
        this.fit();
        this.page = (this.page + 1) % this.pages;
      }, KIOSK_PAGE_MS);
    }
  },
  updated() {
    if (this.variant === "kiosk" && (this.perPage === 1000 || this.order.length !== this.fitted)) {
      this.fitted = this.order.length; // a camera more or less: fit again (not on every state change)
      this.fit();
    }
  },
  unmounted() {
    clearInterval(this.ticker);
    clearInterval(this.pager);
    document.removeEventListener("visibilitychange", this.tick);
    window.removeEventListener("resize", this.fit);
    this.nearObserver?.disconnect();
    this.resizes?.disconnect();
    this.layout?.disconnect();
  },
  computed: {
    pages() {
      return Math.max(1, Math.ceil(this.shown.length / this.perPage));
    },
    paged() {
      if (this.variant !== "kiosk") return this.shown;
      const page = Math.min(this.page, this.pages - 1);
      return this.shown.slice(page * this.perPage, (page + 1) * this.perPage);
    },
    shown() {
      const macs = this.order.filter((mac) => matches(this.byMac[mac], this.filter));
      if (this.view === "list" && this.variant === "cards") {
        // failed first, then waiting, then verified; discovery order inside each group
        const rank = (row) => (row.failed ? 0 : row.state === "verified" ? 2 : 1);
        macs.sort((a, b) => rank(this.byMac[a]) - rank(this.byMac[b]));
      }
      if (this.variant === "kiosk") {
        macs.sort((a, b) => Number(this.byMac[b].failed) - Number(this.byMac[a].failed));
      }
      return macs;
    },
    // `shown` in chunks of CHUNK_ROWS rows; a chunk whose cameras did not change keeps its array,
    // so that Vue renders only the chunks that did (plain cache, not reactive)
    chunks() {
      const size = this.columns * CHUNK_ROWS;
      const before = this.chunkCache || [];
      const chunks = [];
      for (let i = 0; i < this.shown.length; i += size) {
        const macs = this.shown.slice(i, i + size);
        const old = before[chunks.length];
        const same = old && old.length === macs.length && old.every((mac, k) => mac === macs[k]);
        chunks.push(same ? old : Vue.markRaw(macs));
      }
      this.chunkCache = chunks;
      return chunks;
    },
    chosen() {
      // only what can still be acted on: a camera that moved on drops out of the selection
      return this.order.filter((mac) => this.selected[mac] && (this.byMac[mac].can_provision || this.byMac[mac].can_retry));
    },
  },
  methods: {
    tick() {
      if (document.hidden) return; // nobody sees it; the next tick after the page shows catches up
      const now = Date.now() / 1000;
      let due = false;
      for (const el of this.$el.querySelectorAll(TICKED)) {
        tick(el, now);
        due ||= el.dataset.until !== undefined && Number(el.dataset.until) <= now;
      }
      if (due) this.clock.now = now; // the cards whose wait is over render again: buttons enabled
    },
    measure() {
      const chunk = this.$el.querySelector(".pd-device-chunk");
      if (!chunk) return;
      const columns = gridColumns(getComputedStyle(chunk));
      if (columns !== this.columns) this.columns = columns;
    },
    fit() {
      // The tiles that fit below the session card; when not all do, the kiosk's other figures
      // shrink first (kiosk.py, "pd-kiosk-dense"), and only then do pages turn.
      const body = document.body.classList;
      body.remove("pd-kiosk-dense");
      this.perPage = this.fitting();
      if (this.perPage < this.order.length) {
        body.add("pd-kiosk-dense");
        this.perPage = this.fitting();
      }
    },
    fitting() {
      const grid = this.$refs.tiles;
      if (!grid) return 1000;
      const style = getComputedStyle(grid);
      const tile = parseFloat(style.getPropertyValue("--pd-kiosk-tile-h")) || KIOSK_TILE_PX;
      const pager = parseFloat(style.getPropertyValue("--pd-kiosk-pager-h")) || KIOSK_PAGER_PX;
      const box = grid.getBoundingClientRect();
      // Room is kept for the pager (unless every tile fits without it) and for what lies under the
      // tiles and the pager up to the kiosk's bottom edge (the boxes' padding, borders), as laid out now.
      const end = this.$refs.pager ? this.$refs.pager.getBoundingClientRect().bottom : box.bottom;
      const screen = grid.closest(".pd-kiosk");
      const under = screen ? Math.max(0, screen.getBoundingClientRect().bottom - end) : 0;
      const room = window.innerHeight - (box.top + window.scrollY) - pager - under;
      const columns = gridColumns(style);
      const gap = parseFloat(style.rowGap) || 0;
      const fit = (space) => Math.max(1, Math.floor((space + gap) / (tile + gap))) * columns;
      const all = fit(room + pager); // without the pager's room: enough when every tile fits
      return all >= this.order.length ? all : fit(room);
    },
    // Called by the server with one RowDelta or more (what changed while this page was drawing),
    // in order; Vue draws them once.
    apply(...deltas) {
      for (const delta of deltas) this.applyDelta(delta);
      this.acknowledge();
    },
    // At the next frame, as the browser starts drawing what the delta changed (so what changed
    // meanwhile travels while it draws, and is drawn in the frame after: one message per frame at
    // most), or at once when the page is hidden (it draws nothing; the server must not wait for it).
    // Sent after the frame instead (a round trip later), twenty pages and five kiosks on one 2-core
    // machine settled 7.8-35 s after a 200-camera batch against 3.3-6.9 s. The version acknowledged
    // is the one held: after a gap (a resync asked) it is older than what was sent, and the server
    // waits for the resync's answer instead.
    acknowledge() {
      if (this.ackDue) return;
      this.ackDue = true;
      const send = () => {
        this.ackDue = false;
        this.$emit("ack", this.seq);
      };
      if (document.hidden) send();
      else requestAnimationFrame(send);
    },
    applyDelta(delta) {
      if (delta.reset) {
        const byMac = {};
        const order = [];
        for (const row of delta.rows) {
          byMac[row.mac] = row;
          order.push(row.mac);
        }
        this.byMac = byMac;
        this.order = order;
        this.setCounts(countAll(delta.rows));
        this.seq = delta.version;
        this.resyncSince = 0;
        return;
      }
      if (delta.version <= this.seq) return; // already contained in what we hold
      if (delta.base !== this.seq) {
        const now = Date.now();
        if (now - this.resyncSince > RESYNC_WAIT_MS) {
          this.resyncSince = now;
          this.$emit("resync", this.seq);
        }
        return;
      }
      const counts = { ...Vue.toRaw(this.counts) };
      for (const row of delta.rows) {
        const held = this.byMac[row.mac];
        if (held === undefined) {
          this.byMac[row.mac] = row;
          this.order.push(row.mac);
          countRow(counts, row, 1);
        } else {
          const raw = Vue.toRaw(held);
          countRow(counts, raw, -1);
          // only the fields that changed: each write to a reactive row runs Vue's bookkeeping
          for (const key in row) if (raw[key] !== row[key]) held[key] = row[key];
          countRow(counts, raw, 1);
        }
      }
      this.setCounts(counts);
      this.seq = delta.version;
    },
    setCounts(counts) {
      // in place, and only what changed: the filter reads them (injected), the board does not, so
      // a change re-renders the filter alone and not the board's list of cards
      for (const key of FILTERS) if (this.counts[key] !== counts[key]) this.counts[key] = counts[key];
    },
    fmt,
    pageText() {
      const count = this.shown.length;
      return fmt(this.strings.pager[count === 1 ? 0 : 1], { page: this.page + 1, pages: this.pages, count });
    },
    select(mac, on) {
      this.selected = { ...this.selected, [mac]: on };
    },
    selectWhere(test) {
      const selected = {};
      for (const mac of this.order) if (test(this.byMac[mac])) selected[mac] = true;
      this.selected = selected;
    },
    runSelected() {
      const macs = this.chosen;
      this.selected = {};
      if (this.gateOpen && macs.length) this.$emit("action", { kind: "selected", macs });
    },
    setAllow(open) {
      this.allowOpen = open;
    },
    setGate(open, reason) {
      this.gateOpen = open;
      this.gateReason = reason;
    },
    setView(view) {
      this.view = view;
      try {
        window.localStorage.setItem(VIEW_KEY, view);
      } catch (e) {
        /* storage may be disabled */
      }
    },
    onAct(event) {
      if (this.gateOpen || (event.kind === "allow" && this.allowOpen)) this.$emit("action", event);
    },
  },
  template: `
    <div class="pd-device-board">
      <template v-if="variant === 'kiosk'">
        <div class="pd-kiosk-devices" role="list" :aria-label="strings.cameras" ref="tiles">
          <kiosk-tile v-for="mac in paged" :key="mac" :row="byMac[mac]" :styles="styles" :strings="strings" />
        </div>
        <div v-if="pages > 1" class="pd-kiosk-pager" data-testid="kiosk-pager" aria-live="polite" ref="pager">
          {{ pageText() }}
        </div>
      </template>
      <template v-else>
        <div v-if="order.length" class="row items-center pd-gap-2">
          <div class="q-btn-group row no-wrap q-btn-group--outline inline" role="group" :aria-label="strings.view">
            <q-btn v-for="v in [['cards', strings.cards, 'grid_view'], ['list', strings.list, 'view_list']]" :key="v[0]"
                   :outline="view !== v[0]" :unelevated="view === v[0]" color="primary" no-caps
                   :icon="v[2]" :label="v[1]" :aria-pressed="String(view === v[0])" @click="setView(v[0])" />
          </div>
          <q-btn flat no-caps color="primary" :label="strings.select_failed" @click="selectWhere((r) => r.can_retry)" />
          <q-btn flat no-caps color="primary" :label="strings.select_waiting" @click="selectWhere((r) => r.can_provision)" />
          <q-btn v-if="chosen.length" flat no-caps color="primary" :label="strings.clear_selection" @click="selected = {}" />
          <q-btn v-if="chosen.length" unelevated no-caps color="primary" icon="send"
                 :label="fmt(strings.provision_selected, { count: chosen.length })" :disable="!gateOpen"
                 @click="runSelected" />
          <q-space />
          <filter-select v-model="filter" :strings="strings" />
        </div>
        <table v-if="view === 'list'" class="pd-device-table" :aria-label="strings.cameras">
          <thead><tr><th scope="col"><span class="pd-sr-only">{{ strings.select }}</span></th><th scope="col">{{ strings.mac }}</th><th scope="col">{{ strings.state }}</th><th scope="col">{{ strings.detail }}</th>
                     <th scope="col"><span class="pd-sr-only">{{ strings.actions }}</span></th></tr></thead>
          <tbody>
            <device-line v-for="mac in shown" :key="mac" :row="byMac[mac]" :styles="styles" :strings="strings"
                         :can-act="gateOpen" :blocked-reason="gateReason" :can-allow="allowOpen"
                         :selected="!!selected[mac]" @act="onAct" @select="select" />
          </tbody>
        </table>
        <div v-else class="pd-device-list" role="list" :aria-label="strings.cameras">
          <device-chunk v-for="(macs, i) in chunks" :key="i" :macs="macs" :by-mac="byMac" :steps="steps" :styles="styles"
                        :strings="strings" :can-act="gateOpen" :blocked-reason="gateReason" :can-allow="allowOpen"
                        :selected="selected" @act="onAct" @select="select" />
        </div>
      </template>
    </div>`,
};

// What NiceGUI mounts. NiceGUI renders every element of the page again on each `update` message
// (a count changed, a button was enabled) and passes its children as new slot functions, which
// makes Vue render this component again each time. This shell renders only the board, with the
// same props and handlers as before, so Vue skips the board and its cards: a page-wide update costs
// the board nothing, whatever the number of cameras. The server's calls go through to the board.
export default {
  components: { BoardView },
  props: BoardView.props,
  inheritAttrs: false, // NiceGUI's attributes, passed on as plain strings (a merged copy would differ)
  emits: ["action", "resync", "ack"],
  methods: {
    apply(...deltas) {
      this.$refs.view.apply(...deltas);
    },
    setGate(open, reason) {
      this.$refs.view.setGate(open, reason);
    },
    setAllow(open) {
      this.$refs.view.setAllow(open);
    },
    onAction(event) {
      this.$emit("action", event);
    },
    onResync(seq) {
      this.$emit("resync", seq);
    },
    onAck(seq) {
      this.$emit("ack", seq);
    },
  },
  template: `
    <board-view ref="view" :id="$attrs.id" :class="$attrs.class" :snapshot="snapshot" :texts="texts" :variant="variant"
                :can-act="canAct" :can-allow="canAllow" :blocked-reason="blockedReason"
                @action="onAction" @resync="onResync" @ack="onAck" />`,
};
