"""ocpsc-hq, the central office server. Imports core and sync.protocol, never ui or store."""
