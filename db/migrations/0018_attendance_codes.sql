ALTER TABLE "bookings" ADD COLUMN "attendance_code" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "cancellation_reason" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "outcome_note" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_attendance_code_check" CHECK ("bookings"."attendance_code" is null or "bookings"."attendance_code" in ('2','3','4','5','6','7'));--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_attendance_status_check" CHECK ("bookings"."attendance_code" is null or ("bookings"."status", "bookings"."attendance_code") in (('cancelled','2'),('cancelled','4'),('dna','3'),('dna','7'),('attended','5'),('attended','6')));