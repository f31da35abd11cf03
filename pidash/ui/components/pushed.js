// What every element that follows the store without NiceGUI's page-wide render shares (see
// pidash/ui/live.py): its prop holds the latest value (the page's first render and any full update
// of the element carry it), and `set`, called by the server, shows a newer one in between.
// Served as a library, named "pushed" in the importmap: `dependencies=["pushed.js"]` in Python.
export function pushed(prop) {
  return {
    data() {
      return { shown: this[prop] };
    },
    watch: {
      [prop](value) {
        this.shown = value;
      },
    },
    methods: {
      set(value) {
        this.shown = value;
      },
    },
  };
}
