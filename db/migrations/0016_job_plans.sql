CREATE TABLE "session_templates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"site_id" integer NOT NULL,
	"location_id" integer,
	"specialty_code" text NOT NULL,
	"clinician_id" integer,
	"weekday" integer NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"bookable_minutes" integer NOT NULL,
	"slot_minutes" integer,
	"slot_types" text[],
	"valid_from" date NOT NULL,
	"valid_to" date,
	"every_weeks" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_templates_code_unique" UNIQUE("code"),
	CONSTRAINT "session_templates_kind_check" CHECK ("session_templates"."kind" in ('clinic','theatre')),
	CONSTRAINT "session_templates_weekday_check" CHECK ("session_templates"."weekday" between 1 and 7),
	CONSTRAINT "session_templates_times_check" CHECK ("session_templates"."start_time" < "session_templates"."end_time"),
	CONSTRAINT "session_templates_minutes_check" CHECK ("session_templates"."bookable_minutes" >= 0),
	CONSTRAINT "session_templates_every_check" CHECK ("session_templates"."every_weeks" between 1 and 8),
	CONSTRAINT "session_templates_valid_check" CHECK ("session_templates"."valid_to" is null or "session_templates"."valid_to" >= "session_templates"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "template_id" integer;--> statement-breakpoint
ALTER TABLE "session_templates" ADD CONSTRAINT "session_templates_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_templates" ADD CONSTRAINT "session_templates_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_templates" ADD CONSTRAINT "session_templates_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_templates" ADD CONSTRAINT "session_templates_clinician_id_clinicians_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."clinicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_template_id_session_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."session_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_template_date_idx" ON "sessions" USING btree ("template_id","date");