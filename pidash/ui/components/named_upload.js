// NiceGUI's upload.js, plus one thing: Quasar's uploader re-creates its hidden <input type=file>
// without a name; this names every one it creates (from the uploader's aria-label).
export default {
  template: `
    <q-uploader ref="qRef" :url="computed_url">
      <template v-for="(_, slot) in $slots" v-slot:[slot]="slotProps">
        <slot :name="slot" v-bind="slotProps || {}" />
      </template>
    </q-uploader>
  `,
  mounted() {
    setTimeout(() => this.compute_url(), 0);
    this.name_inputs();
    this.observer = new MutationObserver(() => this.name_inputs());
    this.observer.observe(this.$el, { childList: true, subtree: true });
  },
  unmounted() {
    if (this.observer) this.observer.disconnect();
  },
  updated() {
    this.compute_url();
  },
  methods: {
    compute_url() {
      this.computed_url = (this.url.startsWith("/") ? window.path_prefix : "") + this.url;
    },
    name_inputs() {
      const name = this.$el.getAttribute("aria-label");
      if (!name) return;
      for (const input of this.$el.querySelectorAll("input[type=file]")) {
        if (input.getAttribute("aria-label") !== name) input.setAttribute("aria-label", name);
      }
    },
    reset() {
      this.$refs.qRef.reset();
    },
  },
  props: {
    url: String,
  },
  data: function () {
    return {
      computed_url: this.url,
    };
  },
};
