CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin','coordinator','team_leader','records','summariser','manager','display'))
);
--> statement-breakpoint
CREATE TABLE "clinicians" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clinicians_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"specialty_code" text NOT NULL,
	"max_minutes_per_day" integer,
	CONSTRAINT "clinicians_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "locations_kind_check" CHECK ("locations"."kind" in ('clinic','theatre','library','ward','office'))
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sites_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "sites_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "specialties" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "patients_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"nhs_number" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text NOT NULL,
	"postcode" text,
	"phone" text,
	CONSTRAINT "patients_nhs_number_unique" UNIQUE("nhs_number")
);
--> statement-breakpoint
CREATE TABLE "pathway_unavailability" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pathway_unavailability_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pathway_id" integer NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"reason" text,
	CONSTRAINT "pathway_unavailability_range_check" CHECK ("pathway_unavailability"."from_date" <= "pathway_unavailability"."to_date")
);
--> statement-breakpoint
CREATE TABLE "pathways" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pathways_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"patient_id" integer NOT NULL,
	"specialty_code" text NOT NULL,
	"list_type" text NOT NULL,
	"clock_start" date NOT NULL,
	"rtt_status" text DEFAULT '20' NOT NULL,
	"priority" text,
	"decision_date" date,
	"procedure" text,
	"procedure_code" text,
	"slot_type" text,
	"expected_minutes" integer NOT NULL,
	"clinician_id" integer,
	"last_validated_on" date,
	"tci_date" date,
	"clock_stopped_on" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pathways_list_type_check" CHECK ("pathways"."list_type" in ('outpatient','admitted')),
	CONSTRAINT "pathways_priority_check" CHECK ("pathways"."priority" is null or "pathways"."priority" in ('P1a','P1b','P2','P3','P4')),
	CONSTRAINT "pathways_rtt_status_check" CHECK ("pathways"."rtt_status" ~ '^[0-9]{2}$'),
	CONSTRAINT "pathways_minutes_check" CHECK ("pathways"."expected_minutes" > 0),
	CONSTRAINT "pathways_priority_decision_check" CHECK ("pathways"."priority" is null or "pathways"."decision_date" is not null)
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bookings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pathway_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"start_time" time,
	"status" text DEFAULT 'booked' NOT NULL,
	"booked_by" integer,
	"booked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone,
	CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" in ('booked','cancelled','dna','attended'))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"start_time" time NOT NULL,
	"end_time" time NOT NULL,
	"bookable_minutes" integer NOT NULL,
	"slot_minutes" integer,
	"slot_types" text[],
	"specialty_code" text NOT NULL,
	"clinician_id" integer,
	"site_id" integer NOT NULL,
	"location_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	CONSTRAINT "sessions_kind_check" CHECK ("sessions"."kind" in ('clinic','theatre')),
	CONSTRAINT "sessions_minutes_check" CHECK ("sessions"."bookable_minutes" >= 0),
	CONSTRAINT "sessions_times_check" CHECK ("sessions"."start_time" < "sessions"."end_time"),
	CONSTRAINT "sessions_status_check" CHECK ("sessions"."status" in ('open','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "case_note_movements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_note_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_user_id" integer,
	"status" text NOT NULL,
	"location_id" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "case_note_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_note_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"patient_id" integer NOT NULL,
	"booking_id" integer,
	"reason" text NOT NULL,
	"urgency" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"needed_by" timestamp with time zone NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requested_by" integer,
	"located_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"available_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"filed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"merged_at" timestamp with time zone,
	"home_location_id" integer,
	"current_location_id" integer,
	"destination_location_id" integer,
	"volume_barcode" text,
	"missing" boolean DEFAULT false NOT NULL,
	"temporary_notes" boolean DEFAULT false NOT NULL,
	CONSTRAINT "case_note_requests_status_check" CHECK ("case_note_requests"."status" in ('requested','located','dispatched','available','returned','filed','missing','temporary','merged','withdrawn')),
	CONSTRAINT "case_note_requests_urgency_check" CHECK ("case_note_requests"."urgency" in ('emergency','urgent','routine')),
	CONSTRAINT "case_note_requests_reason_check" CHECK ("case_note_requests"."reason" in ('clinic','admission','ward','emergency','correspondence'))
);
--> statement-breakpoint
CREATE TABLE "summarising_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "summarising_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"patient_id" integer NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'awaiting' NOT NULL,
	"claimed_by" integer,
	"claimed_at" timestamp with time zone,
	"completed_by" integer,
	"completed_at" timestamp with time zone,
	"summary" jsonb,
	CONSTRAINT "summarising_items_status_check" CHECK ("summarising_items"."status" in ('awaiting','claimed','completed')),
	CONSTRAINT "summarising_items_claim_check" CHECK (("summarising_items"."status" = 'claimed') = ("summarising_items"."claimed_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinicians" ADD CONSTRAINT "clinicians_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathway_unavailability" ADD CONSTRAINT "pathway_unavailability_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pathways" ADD CONSTRAINT "pathways_clinician_id_clinicians_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."clinicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_pathway_id_pathways_id_fk" FOREIGN KEY ("pathway_id") REFERENCES "public"."pathways"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_clinician_id_clinicians_id_fk" FOREIGN KEY ("clinician_id") REFERENCES "public"."clinicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_movements" ADD CONSTRAINT "case_note_movements_request_id_case_note_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."case_note_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_movements" ADD CONSTRAINT "case_note_movements_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_movements" ADD CONSTRAINT "case_note_movements_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_home_location_id_locations_id_fk" FOREIGN KEY ("home_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_current_location_id_locations_id_fk" FOREIGN KEY ("current_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_note_requests" ADD CONSTRAINT "case_note_requests_destination_location_id_locations_id_fk" FOREIGN KEY ("destination_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summarising_items" ADD CONSTRAINT "summarising_items_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summarising_items" ADD CONSTRAINT "summarising_items_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summarising_items" ADD CONSTRAINT "summarising_items_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "clinicians_specialty_idx" ON "clinicians" USING btree ("specialty_code");--> statement-breakpoint
CREATE INDEX "locations_site_idx" ON "locations" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "pathway_unavailability_pathway_idx" ON "pathway_unavailability" USING btree ("pathway_id");--> statement-breakpoint
CREATE INDEX "pathways_ptl_idx" ON "pathways" USING btree ("specialty_code","priority","clock_start");--> statement-breakpoint
CREATE INDEX "pathways_open_idx" ON "pathways" USING btree ("priority","clock_start") WHERE "pathways"."rtt_status" in ('10','11','12','20','21');--> statement-breakpoint
CREATE INDEX "pathways_list_type_idx" ON "pathways" USING btree ("list_type","clock_start");--> statement-breakpoint
CREATE INDEX "pathways_clock_start_idx" ON "pathways" USING btree ("clock_start");--> statement-breakpoint
CREATE INDEX "pathways_patient_idx" ON "pathways" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_one_live_per_pathway" ON "bookings" USING btree ("pathway_id") WHERE "bookings"."status" = 'booked';--> statement-breakpoint
CREATE INDEX "bookings_session_idx" ON "bookings" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sessions_specialty_date_idx" ON "sessions" USING btree ("specialty_code","date");--> statement-breakpoint
CREATE INDEX "sessions_date_idx" ON "sessions" USING btree ("date");--> statement-breakpoint
CREATE INDEX "case_note_movements_request_idx" ON "case_note_movements" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "case_note_requests_status_needed_idx" ON "case_note_requests" USING btree ("status","needed_by");--> statement-breakpoint
CREATE INDEX "case_note_requests_patient_idx" ON "case_note_requests" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "case_note_requests_booking_idx" ON "case_note_requests" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "case_note_requests_requested_idx" ON "case_note_requests" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "summarising_items_queue_idx" ON "summarising_items" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");