CREATE TABLE "displays" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "displays_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"panels" text[] NOT NULL,
	"rotate_seconds" integer DEFAULT 20 NOT NULL,
	"specialty_code" text,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"last_seen_at" timestamp with time zone,
	CONSTRAINT "displays_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "displays_rotate_check" CHECK ("displays"."rotate_seconds" between 5 and 600),
	CONSTRAINT "displays_panels_check" CHECK (cardinality("displays"."panels") > 0)
);
--> statement-breakpoint
CREATE TABLE "waitlist_snapshots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "waitlist_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"census" date NOT NULL,
	"specialty_code" text NOT NULL,
	"list_type" text NOT NULL,
	"site_id" integer,
	"total" integer NOT NULL,
	"within_18" integer NOT NULL,
	"over_52" integer NOT NULL,
	"over_65" integer NOT NULL,
	"over_78" integer NOT NULL,
	"over_104" integer NOT NULL,
	"pcode_overdue" integer NOT NULL,
	"unbooked" integer NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_snapshots_list_type_check" CHECK ("waitlist_snapshots"."list_type" in ('outpatient','admitted'))
);
--> statement-breakpoint
ALTER TABLE "pathways" ADD COLUMN "site_id" integer;--> statement-breakpoint
ALTER TABLE "displays" ADD CONSTRAINT "displays_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "displays" ADD CONSTRAINT "displays_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "displays" ADD CONSTRAINT "displays_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_snapshots" ADD CONSTRAINT "waitlist_snapshots_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_snapshots" ADD CONSTRAINT "waitlist_snapshots_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_snapshots_key" ON "waitlist_snapshots" USING btree ("census","specialty_code","list_type",coalesce("site_id", 0));--> statement-breakpoint
CREATE INDEX "waitlist_snapshots_census_idx" ON "waitlist_snapshots" USING btree ("census");--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pathways_site_idx" ON "pathways" USING btree ("site_id");